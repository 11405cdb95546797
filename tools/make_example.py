"""Make ``inputs/example-2022.xlsx``: the reference's figures, entered once.

This script made the bundled example once; it is kept so the example can be
re-made if the input template changes.  Every figure and text below was read
by a person from the reference text (武汉市江汉区人力资源局 2022 年度部门决算,
``shared/reference/jianghan-hr-2022-final-accounts.txt``), not computed by
reportgen.  Where they come from:

* 支出功能分类: one line per 项 of 表3/表5 (names as printed in the tables),
  all 一般公共预算财政拨款, 财政拨款收入 = 基本支出 + 项目支出 (no carry-over).
  The 基本/项目 split of each 项 follows from the 类/款 subtotals of 表5.
  年初预算数 and the reasons: 第三部分 五(三), reasons copied word for word.
* 基本支出经济分类: the 款 lines of 表6.
* 三公经费: 表9 (决算 公务接待费 0.35); 预算 0 (第三部分 九: 年初预算数为 0,
  公务接待费预算为 0); 上年 公务接待费 0.35 + 0.12 = 0.47 (九: 较上年减少 0.12).
* 补充数据: 上年 收支总计, 财政拨款收支总计, 一般公共预算财政拨款收入/支出 =
  13,258.64 − 4,332.89 (一、四、五(一); 五(一) prints “增加 13,258.64 万元”, a slip:
  its own 48.5% growth is 4,332.89 on 8,925.75); 机关运行经费 104, 上年 104 + 43.05
  (十); 政府采购 (十一; all 75.09 went to 中小企业, so each category's 中小企业
  amount equals its spending: the text's “占货物支出金额的1.2%” is a slip); 车辆和
  设备 0 (十二).
* 文字说明: 第一部分 (职能 1–13, one line each; 单位构成), the reasons of 第三部分
  一/四/五/九/十, the texts of 十三(一)(二)(四) and the score 94.5.
* 项目支出: 五(三) (name, 决算数, 主要成效 of 18 projects) and 十三(三) (全年预算数,
  问题, 措施 of the 17 evaluated ones); 接待明细: 九(二); 重点工作: 第四部分's table.
  单位构成 stays empty: the unit has only its 本级 (the text says so).

Texts are copied word for word (a check against the reference, whitespace
removed, found every one); the PDF extraction's spaces between Chinese and
digits are left out.

Run from the repository root: ``python tools/make_example.py [OUT]``.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl

from reportgen import schema
from reportgen.init_workbook import write_blank
from reportgen.reader import norm_label

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "inputs" / "example-2022.xlsx"

UNIT = "武汉市江汉区人力资源局"
YEAR = 2022
GENERAL = schema.FUND_GENERAL
_ = None

# code, name as printed in 表3, 基本支出, 项目支出, 年初预算数, reason
LINES = [
    ("2010308", "信访事务", None, "10.00", "0", ""),
    ("2011308", "招商引资", None, "2756.83", "0", ""),
    ("2080101", "行政运行", "763.63", None, "815.66", "人员减少，经费划转"),
    ("2080102", "一般行政管理事务", "56.50", "97.14", "225.46", "项目经费指标调减"),
    ("2080105", "劳动保障监察", None, "43.20", "43.20", ""),
    ("2080106", "就业管理事务", None, "58.00", "68.00", "项目经费指标调剂用于信访事务"),
    ("2080110", "劳动关系和维权", None, "160.00", "160.00", ""),
    ("2080150", "事业运行", "94.13", None, "40.00", ""),
    ("2080199", "其他人力资源和社会保障管理事务支出", None, "1771.26", "1975.82", "专项经费结余"),
    ("2080501", "行政单位离退休", "104.87", None, "104.87", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "53.97", None, "53.97", ""),
    ("2080599", "其他行政事业单位养老支出", "8.70", None, "8.70", ""),
    ("2080799", "其他就业补助支出", None, "6013.92", "0", ""),
    ("2080801", "死亡抚恤", "15.97", None, "0", ""),
    ("2089999", "其他社会保障和就业支出", None, "136.22", "136.37", ""),
    ("2100410", "突发公共卫生事件应急处理", None, "806.75", "0", ""),
    ("2101101", "行政单位医疗", "34.71", None, "34.71", ""),
    ("2101103", "公务员医疗补助", "79.96", None, "79.96", ""),
    ("2130804", "创业担保贷款贴息及奖补", None, "55.00", "0", ""),
    ("2210201", "住房公积金", "88.88", None, "99.88", "人员减少，经费划转"),
    ("2210202", "提租补贴", "19.31", None, "20.81", "人员减少，经费划转"),
    ("2210203", "购房补贴", "29.69", None, "29.69", ""),
]

# 表6, 款 lines with a figure
ECONOMIC = [
    ("30101", "基本工资", "134.23"), ("30102", "津贴补贴", "201.89"),
    ("30103", "奖金", "344.77"), ("30107", "绩效工资", "38.52"),
    ("30108", "机关事业单位基本养老保险缴费", "52.02"), ("30109", "职业年金缴费", "23.68"),
    ("30110", "职工基本医疗保险缴费", "32.15"), ("30111", "公务员医疗补助缴费", "58.98"),
    ("30112", "其他社会保障缴费", "10.14"), ("30113", "住房公积金", "101.45"),
    ("30199", "其他工资福利支出", "27.17"),
    ("30201", "办公费", "2.75"), ("30202", "印刷费", "0.23"), ("30205", "水费", "1.09"),
    ("30206", "电费", "14.55"), ("30207", "邮电费", "0.18"), ("30209", "物业管理费", "6.52"),
    ("30211", "差旅费", "0.09"), ("30213", "维修（护）费", "2.62"), ("30216", "培训费", "0.20"),
    ("30226", "劳务费", "8.18"), ("30228", "工会经费", "19.08"), ("30229", "福利费", "10.69"),
    ("30239", "其他交通费用", "21.25"), ("30240", "税金及附加费用", "7.71"),
    ("30299", "其他商品和服务支出", "8.86"),
    ("30302", "退休费", "101.13"), ("30304", "抚恤金", "15.97"), ("30305", "生活补助", "58.02"),
    ("30307", "医疗费补助", "26.69"), ("30399", "其他对个人和家庭的补助", "19.51"),
]

INFO = {
    "unit": UNIT,
    "year": YEAR,
    # 名词解释 (一) and (七) of the reference speak of 市级财政
    "finance_level": "市级",
    "phone": "027-85709013",
}

FUNCTIONS = [
    "1.贯彻执行国家、省、市关于人力资源有关政策法规。根据国家、省、市人力资源发展规划，结合全区经济社会发展现状，拟订全区人力资源发展规划和措施，经批准后组织实施。",
    "2.负责全区人力资源总体规划和开发工作。拟订全区人力资源市场发展规划和人力资源流动政策并组织实施，建立规范的区级人力资源市场并负责监督管理。指导、协调、服务大学生就业工作。指导实施全区劳动关系政策并完善相关协商协调机制，组织实施劳动合同制度。负责辖区失业人员失业登记、就业指导。负责辖区人事档案托管服务。落实大学生留汉政策。",
    "3.落实国家、省、市关于促进就业创业的方针政策，负责全区促进就业工作，拟订全区促进就业发展规划和措施并组织实施。完善公共就业服务体系，拟订就业援助制度，拟订就业补助资金使用计划并组织实施，指导全区街道、社区就业服务工作，保持全区就业形势稳定。",
    "4.负责全区事业单位人事综合管理工作，会同有关部门推进全区事业单位人事制度改革，按照管理权限负责规范事业单位岗位设置、公开招聘、聘用合同、工作人员考核奖惩等人事综合管理工作，落实事业单位工作人员和机关工勤人员管理政策。执行事业人员调配政策，落实高校毕业生就业政策。",
    "5.负责全区专业技术人才队伍建设，牵头推进全区深化职称制度改革，落实专业技术人才管理、继续教育和博士后管理等政策，负责高层次专业技术人才和专家选拔培养工作。负责全区专业技术职务任职资格、职业资格考试工作的组织实施和管理监督。",
    "6.负责管理全区事业单位的工资福利和退休工作。贯彻事业单位工作人员收入分配、福利和退休政策，拟订全区事业单位工作人员收入分配与福利政策和管理办法并组织实施，管理事业单位工作人员的退休、退职等工作。",
    "7.实施国家功勋荣誉制度，落实全市表彰奖励制度。承担全区相关国家、省、市级表彰奖励获得者的管理服务工作。",
    "8.组织实施全区协调劳动关系的法规和政策，规划和调整全区各类劳动关系，推动劳动关系调整体系建设。建立健全劳动关系协调机制，指导基层建立劳动人事关系调解组织。指导用人单位订立集体合同工作，监督劳动合同、集体合同制度的落实，集体合同的审核。综合管理全区劳动人事争议处理和劳动人事争议仲裁工作，贯彻落实劳动人事争议调解仲裁制度，依法处理全区劳动人事争议案件，承担区劳动人事争议仲裁委员会日常工作。",
    "9.主管全区劳动监察工作，依法承担对辖区用人单位实施劳动监察并查处相关违法案件，组织实施各类劳动用工专项检查活动，维护企业及劳动者合法权益。会同有关部门拟订全区农民工工作的综合性政策和规划，推动相关政策落实，协调解决重点难点问题，牵头处置农民工欠薪事件，维护农民工合法权益。",
    "10.综合管理中国武汉人力资源服务产业园。贯彻实施产业园发展规划和政策措施，负责产业园的招商引资、品牌宣传建设。负责对拟入驻企业的筛选和审核，并对入驻企业实施指导和监督。",
    "11.按规定承担全面从严治党、国家安全、意识形态、综治维稳、精神文明建设、安全生产、生态环境保护、保密等主体责任。",
    "12.完成上级交办的其他任务。",
    "13.职能转变。深入推进简政放权、放管结合、优化服务改革，规范和优化对外办理事项，减少职业资格许可和认定等审批事项，实行国家职业资格目录清单管理，加强事中事后监管，创新就业等公共服务方式，加强信息共享，提高公共服务水平。",
]

TEXTS = {
    "functions": "\n".join(FUNCTIONS),
    "composition": "从单位构成看，武汉市江汉区人力资源局部门决算由纳入独立核算的单位本级决算组成。",
    "reason_total": "增加了就业补助资金",
    "reason_fiscal": "增加了就业补助资金",
    "reason_general_exp": "增加了就业补助资金",
    "reason_3gong": "厉行节约，从严控制“三公”经费开支",
    "reason_operation": "落实过“紧日子”要求，压减一般性支出",
    # 十三(一) after its figures (项目 17 个, 资金 11904.1 万元), which come from 项目支出
    "performance": (
        "从绩效评价情况来看，本次绩效评价遵循“科学规范，分级分类，绩效相关”的原则，"
        "运用科学、合理的绩效评价指标、评价标准和评价方法，对整体支出和项目支出开展了绩效自评工作。"
        "资金投入、产出数量、产出质量、社会效益均达到预期，情况良好。"
    ),
    "reason_general_income": "增加了就业补助资金",
    "reason_reception": "厉行节约，从严控制“三公”经费开支",
    # 十三(二): the text between “从评价情况来看，” and “经过综合评价”
    "perf_unit_text": (
        "部门整体支出绩效目标比较合理，绩效指标比较明确，对在职人员及“三公经费”的做出了控制。"
        "重点支出的安排保障了部门职责与主要工作任务，财务管理制度基本健全，资金使用计划性较强，"
        "预算支出方向明确，项目的组织与管理工作比较具体。"
    ),
    "perf_unit_score": "94.5",
    "perf_unit_output": (
        "我局各项资金确保了单位的正常运转，促进了各项工作任务顺利完成。在人员经费和公共支出方面"
        "严格执行区委区政府的各项制度；在项目经费的使用上，确保各项任务顺利完成的同时，"
        "严格落实了厉行节约的原则；三公经费的使用严格控制在预算申报范围内。"
    ),
    "perf_application": (
        "进一步完善日常财务管理，落实好财务管理制度、经费支出事前审批制度等各项制度；"
        "增强预算约束意识，提高科学化、精细化预算管理水平；加强预算绩效管理，规范绩效目标编制，"
        "强化绩效评价工作，提高财政资金的使用效益。真正建立起预算编制、执行和监督相互制约、"
        "相互协调、相互促进的运行机制，确保财政资金安全、规范、高效使用。"
    ),
}

# 项目支出: 第三部分 五(三) gives 名称, 决算数 and 主要成效 of 18 projects;
# 十三(三) gives 全年预算数 (and problems, measures) of the 17 self-evaluated ones.
# name, 决算数, 主要成效, 全年预算数, 发现的问题及原因, 下一步改进措施
PROJECTS = [
    ("人力资源局机关业务工作经费", "108.37", "确保了机关各业务科室事业任务的顺利完成", "108.37", _, _),
    ("人才与公共就业服务工作经费", "58.00",
     "确保就业目标任务的实现，完善帮扶机制，稳定困难人群就业，助推高校毕业生就业", "58.00", _, _),
    ("劳动监察执法工作经费", "43.20",
     "严格落实建设领域“五项制度”，全区在建项目“五项制度”实现100%覆盖率。办结欠薪线索2034件、"
     "核处各类案件829件，上线率、结案率均为100%，欠薪案件较2021年同比下降10.7%，案件量压降明显；"
     "累计为413名劳动者挽回各类经济损失588.67万元，较上年提升23.8%，执法成效突出", "43.20", _, _),
    ("劳动人事争议仲裁办案工作经费", "160.00",
     "充分发挥劳动争议调解仲裁工作“安全网”和“减震器”作用。受理各类劳动纠纷2646件，结案2591件，"
     "结案率95.9%，涉案金额8079.76万元；通过辖区各类调解组织，调解结案2752件，综合调解率为71.2%",
     "160.00", _, _),
    ("人力资源产业园管理经费", "647.88",
     "立足新发展阶段、贯彻新发展理念，按照“需求导向、分步建设、多元驱动、协同推进”的总体原则，"
     "努力建设功能多元化、设施现代化、运行信息化、服务专业化的园区，各项工作取得新进展",
     "647.88", _, _),
    ("支农返汉帮扶资金", "952.10", "做好了支农群体的常态化管理工作", "2510.39",
     "上级转移支付1203.45万元于下半年下达，用于下年支农返汉帮扶资金支出", "加快资金使用进度"),
    ("维修经费", "21.00", "改善了五家单位干部职工就餐环境和条件", "21.00", _, _),
    ("“三支一扶”高校毕业生经费", "173.72",
     "确保了21名“三支一扶”高校毕业生的工资发放和社保缴纳，切实做好“三支一扶”高校毕业管理服务工作",
     "222.96", _, _),
    ("隔离点后勤保障工作经费", "806.75",
     "2022年新冠肺炎疫情防控，对境外、中高风险地区来汉人员进行医学隔离点观察、隔离点整改等",
     "811.74", _, _),
    # 五(三) prints 101.14% for 学子留汉, 十三(三) 101.1%: one text serves both, 五(三)'s is kept
    ("就业补助资金", "6013.92",
     "全区新增就业20218人，完成市级目标的101.1%。“才聚荆楚”新增25716人，完成市级目标的101%。"
     "扶持创业4994人，完成市级目标的124.85%。“学子留汉”29224人，完成市级目标的101.14%。"
     "围绕就业创业提质增量目标，推动稳就业政策落实落地", "6016.47", _, _),
    ("创业担保贷款贴息", "55.00",
     "支持个人创业或小微企业扩大就业的贷款业务，具有门槛低、利息低等特点，"
     "有效地减轻了创业融资难、融资贵的问题", "55.00", _, _),
    ("入驻人力资源产业园企业政策扶持资金", "2756.83",
     "强化政策引领，鼓励国内外知名人力资源服务机构及其分支机构入驻中国武汉人力资源服务产业园，"
     "落地落实入驻企业支持政策兑现工作", "2756.83", _, _),
    ("事业单位公开招聘经费", "26.96",
     "完成了公开招聘集中报告审核，协调11家考点学校共234个考场完成笔试工作，组织对507名考生进行面试，"
     "分4批对163名拟聘用人员进行公示，为162名新进人员办理备案手续", "79.29",
     "原计划12月进行第二批招聘工作，由于疫情影响，推迟到2023年4月开展，导致预算执行率偏低",
     "加快资金使用进度"),
    ("绩效管理目标综合考核奖励", "24.00",
     "贯彻落实区第十三次党代会和区委经济工作会议精神，充分发挥绩效考评“指挥棒”作用，"
     "大力营造“比学赶超”的浓厚氛围，激励引导全区上下立足新发展阶段、贯彻新发展理念、"
     "服务和融入新发展格局，加快建设卓越城区", "24.00", _, _),
    ("产业园基本要求标准预研究工作经费", "22.74",
     "在线上线下收集全国各地产业园材料近百份并开展多轮专家研讨的基础上，形成了标准草案等系列成果，"
     "同时成功申报获批为全省首个人力资源类省级标准化试点", "37.90",
     "由于《人力资源服务产业园基本要求标准（草案）》工作尚在起草后的论证试点阶段，未正式形成方案，"
     "因此，还有15.16万元尾款未支付", "加快资金使用进度"),
    ("劳动人事争议仲裁庭标准化建设项目改造方案经费", "23.63",
     "实现办案和办公区域分离，优化办案流程，缩短劳动者维权时间，提升和加强劳动人事争议工作处理效能。"
     "将三楼400平米改造为仲裁办案区，将四楼300平米活动室改造为仲裁办公区", "23.78", _, _),
    ("信访事务", "10.00", "保证我局2022年信访维稳工作有效开展", "10.00", _, _),
    # not among the 17 self-evaluated projects: no 全年预算数
    ("人事考试标准化面试考场改造项目", "4.22", "添加了办公设备，改善了办公环境", _, _, _),
]

# 接待明细: 第三部分 九(二); category, 金额, 用途, 批次, 人次, 陪同人次
RECEPTIONS = [
    ("外省市交流接待", "0.25", "吉林省人社厅来我局开展公共就业服务调研", 1, 17, 3),
    ("省内接待活动", "0.10", "省治欠办来我区督导调研根治欠薪冬季专项行动", 1, 24, 4),
]

# 重点工作: 第四部分, the table (序号, 重要事项, 工作内容及目标, 完成情况)
KEY_WORK = [
    (1, "坚持就业优先战略",
     "围绕就业创业提质增量目标，以援企纾困牵住稳岗的牛鼻子，以保障用工抓住拓岗的关键点，"
     "推动稳就业政策落实落地。",
     "全区新增就业20218人，完成市级目标的101.1%。“才聚荆楚”新增25716人，完成市级目标的101%。"
     "扶持创业4994人，完成市级目标的124.9%。“学子留汉”29224人，完成市级目标的101.1%。"
     "举办“春风行动”“百日冲刺”“百日攻坚”等招聘活动46场，组织1000余家企业面向社会提供5万个用工岗位。"),
    (2, "深化才聚江汉工程",
     "在约束上做减法，在激励上做乘法，瞄准打造八方英才慕名自来、纷至沓来、近悦远来的向往之城，"
     "积蓄素质优良、规模不断壮大的人才力量。",
     "优化事业单位人员结构，加强公共事业服务能力，设置事业单位公开招聘、专项招聘计划241个。"
     "强化专技人才队伍建设，增加专技人才861人，其中高级职称189人、中级职称314人。"
     "推荐2名技能人才参加职业技能竞赛专家公开征集评选；推荐7名技能人才参加省、市技术能手，"
     "首席技师和技能英才评选。完成全区167家事业单位2022年绩效工资总量审批工作。规范开展评比达标表彰工作。"),
    (3, "护劳动权益保民生底线",
     "强化责任落实，切实做好劳动关系矛盾风险防范和化解工作,建立健全我区劳动关系风险监测、分析、预防、"
     "处置长效机制，印发《江汉区建立健全劳动关系风险监测预警制度责任分工清单》，"
     "充分发挥劳动用工风险预警联动联处作用。",
     "严格落实建设领域“五项制度”，全区在建项目“五项制度”实现100%覆盖率。办结欠薪线索2034件、"
     "核处各类案件829件，上线率、结案率均为100%，欠薪案件较2021年同比下降10.7%，案件量压降明显；"
     "累计为413名劳动者挽回各类经济损失588.67万元，较上年提升23.8%，执法成效突出。"
     "充分发挥劳动争议调解仲裁工作“安全网”和“减震器”作用。受理各类劳动纠纷2646件，结案2591件，"
     "结案率95.9%，涉案金额8079.76万元；通过辖区各类调解组织，调解结案2752件，综合调解率为71.2%。"),
    (4, "推动人力资源服务业高质量发展",
     "坚持把营造产业生态作为人力资源服务业高质量发展的牛鼻子、主抓手，做大总量、调优结构、提升质量、"
     "增强产业支撑力。",
     "新增人力资源机构55家，全区人力资源机构达到300家。12家企业获评省级诚信示范机构，"
     "18家企业获评市级诚信示范机构，1家企业从人力资源创新创业大赛中脱颖而出，斩获奖项。"
     "人力资源产业园区产值超过150亿，同比增幅12.9%；服务用人单位4万家次，提供招聘岗位10.5万个，"
     "通过网络招聘发布岗位信息超25万条，发布求职信息近40万条，帮助实现就业、择业和流动约45万人次，"
     "通过猎头服务，成功推荐高级人才千余名。"),
]

# row key -> (预算数, 决算数, 上年决算数)
SANGONG = {
    "abroad": ("0", "0", "0"),
    "car_purchase": ("0", "0", "0"),
    "car_running": ("0", "0", "0"),
    "reception": ("0", "0.35", "0.47"),
}

LAST_YEAR_TOTAL = "8925.75"   # 13,258.64 − 4,332.89
# row key -> (本年数, 上年数); None leaves the cell blank
SUPPLEMENT = {
    "total": (None, LAST_YEAR_TOTAL),
    "fiscal_total": (None, LAST_YEAR_TOTAL),
    "general_income": (None, LAST_YEAR_TOTAL),
    "general_exp": (None, LAST_YEAR_TOTAL),
    "operation": ("104.00", "147.05"),
    "procurement": ("75.09", None),
    "procurement_goods": ("0.92", None),
    "procurement_works": ("74.17", None),
    "procurement_services": ("0", None),
    "sme": ("75.09", None),
    "sme_small": ("74.17", None),
    "sme_goods": ("0.92", None),
    "sme_works": ("74.17", None),
    "sme_services": ("0", None),
    "cars": (0, None),
    "other_cars": (0, None),
    "general_equipment": (0, None),
    "special_equipment": (0, None),
}


# ------------------------------------------------------------- filling
def _num(v):
    return None if v is None else Decimal(v) if isinstance(v, str) else v


def _headers(ws, decl) -> dict[str, int]:
    """Column key -> column index, found by header text in row 1."""
    by_label = {norm_label(c.value): c.column for c in ws[1] if c.value}
    return {col.key: by_label[norm_label(col.header)] for col in decl.columns
            if norm_label(col.header) in by_label}


def _label_rows(ws, items) -> dict[str, int]:
    by_label = {norm_label(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1)}
    return {i.key: by_label[norm_label(i.label)] for i in items}


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"   # text stays text, even if it starts with "="


def fill(wb) -> None:
    ws = wb[schema.FUNCTIONAL.name]
    cols = _headers(ws, schema.FUNCTIONAL)
    for r, (code, name, basic, project, budget, reason) in enumerate(LINES, start=2):
        income = sum((Decimal(x) for x in (basic, project) if x), Decimal("0"))
        values = {"code": code, "name": name, "fund": GENERAL,
                  schema.INCOME_FISCAL: income, "exp_basic": _num(basic),
                  "exp_project": _num(project), "budget": _num(budget), "reason": reason or None}
        for key, v in values.items():
            _put(ws, r, cols[key], v)

    ws = wb[schema.ECONOMIC.name]
    cols = _headers(ws, schema.ECONOMIC)
    for r, (code, name, amount) in enumerate(ECONOMIC, start=2):
        _put(ws, r, cols["code"], code)
        _put(ws, r, cols["name"], name)
        _put(ws, r, cols["amount"], _num(amount))

    for decl, data in ((schema.UNIT_INFO, INFO), (schema.TEXTS, TEXTS)):
        ws = wb[decl.name]
        rows = _label_rows(ws, decl.items)
        for key, v in data.items():
            amount = decl.item(key).kind == schema.AMOUNT
            _put(ws, rows[key], 2, _num(v) if amount else v)

    for decl, data in ((schema.SANGONG, SANGONG), (schema.SUPPLEMENT, SUPPLEMENT)):
        ws = wb[decl.name]
        rows = _label_rows(ws, decl.rows)
        cols = _headers(ws, decl)
        for key, values in data.items():
            for col, v in zip(decl.columns, values):
                if v is not None:
                    _put(ws, rows[key], cols[col.key], _num(v))

    records = (
        (schema.PROJECTS, ("name", "amount", "effect", "budget", "problems", "measures"), PROJECTS),
        (schema.RECEPTION, ("category", "amount", "purpose", "batches", "persons", "accompany"),
         RECEPTIONS),
        (schema.KEY_WORK, ("no", "title", "content", "result"), KEY_WORK),
    )
    for decl, keys, data in records:
        ws = wb[decl.name]
        cols = _headers(ws, decl)
        for r, values in enumerate(data, start=2):
            for key, v in zip(keys, values):
                if v is not None:
                    amount = decl.column(key).kind == schema.AMOUNT
                    _put(ws, r, cols[key], _num(v) if amount else v)


def make(out: Path = OUT) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.xlsx"
        write_blank(blank, year=YEAR, unit=UNIT)
        wb = openpyxl.load_workbook(blank)
    fill(wb)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
