"""Demo rules for 人事 (attendance, leave, training) and 财务 (budget, reimbursement, travel)."""

from __future__ import annotations

from registry.demo.data_text import articles, body, revise

_ATTENDANCE_V1 = articles("""
## 总则
@ 为加强机关工作纪律，规范考勤管理，保证机关工作正常运转，制定本办法。
@ 本办法适用于机关在编在岗工作人员。机关聘用人员参照本办法执行。
@ 人事处负责机关考勤工作的组织和监督，各处室负责本处室工作人员的日常考勤。
## 工作时间与考勤方式
@ 机关实行每日8小时、每周40小时工作制。工作时间为上午8时30分至12时，下午13时30分至18时。
  夏季作息时间由办公室另行通知。
@ 机关实行指纹打卡考勤，工作人员每日上班、下班各打卡一次。
@ 因公外出、参加会议培训或者出差不能打卡的，应当在返回后2个工作日内填写考勤说明单，
  经处室负责人签字后报人事处。
@ 考勤卡和指纹信息仅限本人使用，不得代他人打卡或者委托他人代为打卡。
@ 各处室考勤员应当于每月5日前将上月考勤情况汇总报人事处。
## 迟到早退与旷工
@ 工作人员在规定上班时间后到岗的为迟到，在规定下班时间前离岗的为早退。迟到或者早退超过30分钟的，
  按旷工半天计。
@ 有下列情形之一的，按旷工处理：
（一）未经批准擅自不上班的；
（二）请假期满未续假或者续假未获批准，逾期不归的；
（三）代他人打卡或者委托他人代为打卡的。
@ 工作人员一个月内累计迟到、早退3次以上的，由处室负责人进行提醒谈话；一年内累计旷工3天以上的，
  年度考核不得确定为优秀等次。
@ 连续旷工超过15天，或者一年内累计旷工超过30天的，按照有关规定予以辞退。
## 考勤结果运用
@ 工作人员因公加班的，由处室负责人安排并登记，按照规定安排补休，原则上在3个月内补休完毕。
@ 考勤员应当如实记录考勤情况，不得弄虚作假；处室负责人对本处室考勤记录的真实性负责。
@ 考勤结果作为年度考核、评先评优和发放工作性津贴的重要依据。
@ 人事处每季度通报一次考勤情况，对考勤管理不严的处室予以提醒。
## 附则
@ 本办法由人事处负责解释。
@ 本办法自2017年3月1日起施行。
""")

_ATTENDANCE_V2 = revise(
    _ATTENDANCE_V1,
    replace={
        "机关实行指纹打卡考勤": """
@ 机关实行人脸识别考勤，工作人员每日上班、下班各签到一次。因公在外的，可以通过机关移动办公平台定位签
  到。
""",
        "各处室考勤员应当于每月5日前": """
@ 考勤数据由考勤系统自动汇总。各处室考勤员应当于每月3日前核对确认上月考勤情况，并报人事处。
""",
        "本办法自": "@ 本办法自2022年9月1日起施行。",
    },
    after={
        "因公外出、参加会议培训": """
@ 工作人员在工作时间内因私事短时外出的，应当经处室负责人同意，并在考勤系统中登记外出和返回时间；
  外出超过2小时的，应当办理请假手续。
""",
    },
    delete=("考勤卡和指纹信息仅限本人使用",),
)

_LEAVE_V1 = articles("""
@ 为规范机关工作人员请休假管理，保障工作人员休息休假权利，维护机关正常工作秩序，根据国家有关规定，
  制定本规定。
@ 本规定适用于机关在编工作人员。
@ 工作人员累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；已满20年的，
  年休假15天。国家法定休假日、休息日不计入年休假的假期。
@ 年休假由各处室根据工作任务统筹安排，可以集中使用，也可以分段使用，一般不跨年度安排。
  因工作需要确实不能安排年休假的，按照国家规定处理。
@ 工作人员因处理私人事务请事假的，应当提前申请。全年事假累计不超过15天；超过的，
  按照有关规定扣减工资。
@ 工作人员因病不能坚持工作的，可以请病假。请病假3天以上的，应当提供医疗机构出具的诊断证明。
@ 符合法定结婚年龄的工作人员结婚的，给予婚假3天。
@ 女工作人员生育的，按照国家和本省规定享受产假；男工作人员的配偶生育的，按照本省规定享受护理假。
@ 工作人员的直系亲属死亡的，给予丧假1至3天；需要到外地料理丧事的，根据路程远近另给予路程假。
@ 符合条件的工作人员享受探亲假，按照国家有关规定执行。
@ 工作人员请休假，按照下列权限审批：
（一）处室工作人员请假3天以内的，由处室负责人审批；3天以上的，由处室负责人审核后报人事处审批；
（二）处室负责人请假的，由分管负责同志审批，并报人事处备案；
（三）机关负责同志请假的，按照干部管理权限报批。
@ 工作人员请休假应当填写请休假审批表，履行审批手续后方可离岗。
因突发疾病等特殊情况不能事先请假的，应当及时电话报告，并在返岗后2个工作日内补办手续。
@ 工作人员请假期间，应当做好工作交接，保持通信畅通；处室负责人请假的，应当明确临时主持工作的人员。
@ 工作人员病假、事假期间的工资待遇，按照国家和本省有关规定执行。
@ 工作人员休假期满应当按时返岗，并向处室负责人销假。需要续假的，应当在假期届满前办理续假手续。
@ 工作人员未经批准擅自离岗或者逾期不归的，按照《考勤管理办法》关于旷工的规定处理。
@ 人事处应当建立请休假台账，每年年底对年休假安排情况进行统计。
@ 本规定自2016年1月1日起施行。
""")

_LEAVE_V2 = revise(
    _LEAVE_V1,
    replace={
        "为规范机关工作人员请休假管理": """
@ 为规范机关工作人员请休假管理，保障工作人员休息休假权利，维护机关正常工作秩序，根据国家有关规定，
  制定本规定。
本规定适用于机关在编工作人员，机关聘用人员参照执行。
""",
        "符合法定结婚年龄的工作人员结婚的": """
@ 符合法定结婚年龄的工作人员结婚的，给予婚假3天；按照本省规定享受延长婚假的，从其规定。
""",
        "工作人员请休假，按照下列权限审批": """
@ 工作人员请休假，按照下列权限审批：
（一）处室工作人员请假2天以内的，由处室负责人审批；2天以上的，由处室负责人审核后报人事处审批；
（二）处室负责人请假的，由分管负责同志审批，并报人事处备案；
（三）机关负责同志请假的，按照干部管理权限报批。
""",
        "工作人员请休假应当填写请休假审批表": """
@ 工作人员请休假应当通过机关办公系统提交申请，履行审批手续后方可离岗。
因突发疾病等特殊情况不能事先请假的，应当及时电话报告，并在返岗后2个工作日内补办手续。
""",
        "本规定自": "@ 本规定自2022年3月1日起施行。",
    },
    after={
        "女工作人员生育的": """
@ 工作人员的子女不满3周岁的，按照本省规定享受育儿假。
""",
    },
    delete=("本规定适用于机关在编工作人员。",),
)

_TRAINING = articles("""
@ 为加强机关干部教育培训工作，提高干部队伍的政治素质和履职能力，根据干部教育培训工作有关规定，
  结合本机关实际，制定本办法。
@ 干部教育培训工作坚持服务大局、按需施教、分类分级、注重实效的原则。
@ 人事处是机关干部教育培训的主管部门，负责制定年度培训计划、组织机关集中培训、
  管理培训档案和培训经费。
各处室负责本处室业务培训和工作人员参训的组织安排。
@ 干部教育培训的主要内容包括：
（一）党的理论和路线方针政策；
（二）法律法规和党内法规；
（三）履行岗位职责所需的业务知识和专业技能；
（四）公文写作、保密、信息安全等机关通用知识；
（五）其他需要培训的内容。
@ 机关工作人员每年参加集中培训的时间一般累计不少于12天或者90学时。
新录用人员应当在试用期内参加初任培训；新任职的处级干部应当在任职一年内参加任职培训。
@ 人事处应当于每年1月底前制定年度培训计划，经机关办公会议审定后实施。各处室举办业务培训，
  应当列入年度培训计划。
@ 培训方式包括集中培训、在线学习、专题讲座、岗位练兵和交流挂职等。鼓励工作人员利用网络学习平台自主学
  习。
@ 工作人员参加培训期间，应当遵守培训纪律，不得无故缺课、迟到早退，不得请人代学、代考。
  因特殊原因不能参加的，应当事先请假。
@ 参训人员应当在培训结束后5个工作日内向所在处室提交学习总结；参加外单位组织的培训，
  还应当将结业证书复印件报人事处备案。
@ 人事处建立干部培训档案，如实记录工作人员参加培训的时间、内容和考核结果。
@ 培训情况作为干部年度考核、评先评优和选拔任用的重要参考。无正当理由未完成年度培训任务的，
  年度考核不得确定为优秀等次。
@ 培训经费纳入年度预算，严格执行培训费管理规定。培训期间不得组织与培训无关的参观考察，
  不得发放纪念品，不得安排宴请。
@ 选派工作人员参加境外培训的，按照因公出国（境）管理规定执行。参训人员结束后应当提交培训报告，
  并在处室内交流分享。
@ 各处室应当结合岗位特点，采取以老带新、轮岗交流、跟班学习等方式，加强对年轻干部的实践锻炼。
@ 工作人员经机关批准参加学历教育的，按照有关规定执行，学费原则上由个人承担。
@ 本办法由人事处负责解释，自2024年6月1日起施行。
""")

_ANNUAL_LEAVE = articles("""
@ This policy explains how annual leave is earned, planned and taken by staff of the institution.
  It applies the annual leave provisions of the institution's leave regulations and of the
  national rules on paid annual leave.
@ Staff with at least one year of continuous service are entitled to paid annual leave each
  calendar year as follows:
(1) 5 working days after 1 year and before 10 years of total service;
(2) 10 working days after 10 years and before 20 years of total service;
(3) 15 working days after 20 years of total service.
Public holidays and weekends falling within a period of leave are not counted as leave days.
@ No annual leave is earned in a year in which a member of staff:
(1) has taken more than 20 days of personal leave without pay; or
(2) has taken sick leave beyond the limits set by national rules for his or her length of service.
@ Each division agrees a leave plan with its staff by 31 January. The plan spreads leave across
  the year so that every post remains covered.
@ Staff request annual leave through the office system at least three working days in advance.
  Leave of up to three days is approved by the head of division; longer leave also needs the
  agreement of the Human Resources Division.
@ Annual leave may be taken in one period or in several. It is normally taken in the year in which
  it is earned; up to five days may be carried into the first quarter of the following year with
  the approval of the head of division.
@ If the institution cannot grant leave because of the needs of the service, the unused days are
  compensated in accordance with national rules. Days not taken for personal reasons are not
  compensated.
@ Annual leave may be combined with public holidays or family-visit leave, subject to the same
  approval.
@ A member of staff recalled from leave for urgent work may take the remaining days later in the
  same year.
@ The Human Resources Division keeps the leave records and reports leave uptake to the heads of
  the institution at the end of each year.
@ This policy is interpreted by the Human Resources Division and takes effect on 1 March 2021.
""")

_REMOTE_WORK = articles("""
## General Provisions
@ This policy sets out when staff may work away from the office, how such work is approved, and
  how information and working time are protected while doing so.
@ It applies to all staff except those whose posts involve handling classified information on a
  daily basis, who are excluded from remote work.
@ Remote work is an arrangement agreed for operational reasons or personal circumstances. It is
  not an entitlement, and the needs of the service come first.
## Eligibility and Approval
@ Remote work may be approved in the following cases:
(1) severe weather, public health measures or other events that prevent safe travel to the office;
(2) temporary personal circumstances, such as recovery from a minor injury or caring for a family
  member;
(3) project work that can be done more effectively away from the office.
@ Requests are made through the office system at least one working day in advance, except in
  emergencies. The head of division approves up to five days a month; longer arrangements also
  need the agreement of the Human Resources Division.
@ The approval states the dates, the tasks to be done and how the member of staff can be reached.
## Working Arrangements
@ Staff working remotely keep to the institution's working hours, remain reachable by phone and by
  the office messaging system, and join online meetings with their camera on when asked.
@ Attendance on remote-work days is recorded by signing in on the mobile office platform at the
  start and end of the working day.
@ Staff return to the office when their head of division asks them to, on the same day where
  possible.
## Information Security
@ Remote work is done only on devices issued or approved by the Information Center, connected
  through the institution's VPN. Personal e-mail accounts and public cloud storage are never used
  for work documents.
@ Classified information, and documents marked for internal use only, may not be taken home,
  processed, viewed or discussed during remote work.
@ Lost or stolen devices, and any suspected security incident, are reported at once to the
  Information Center under the Information Security Incident Response Procedure.
## Supplementary Provisions
@ Remote work that breaches this policy is treated as absence without leave, and the approval may
  be withdrawn.
@ This policy is interpreted by the Human Resources Division and takes effect on 1 March 2025.
""")

_REIMBURSEMENT_V1 = articles("""
@ 为加强机关财务管理，规范经费报销行为，提高资金使用效益，根据国家有关财务制度，结合本机关实际，
  制定本办法。
@ 本办法适用于机关各项经费支出的报销，包括办公费、印刷费、邮电费、差旅费、会议费、培训费、
  公务接待费、维修费和专用材料费等。
@ 经费报销遵循“先审批、后支出，先审核、后报销”的原则。各项支出应当真实、合法、合规，
  并在预算额度内执行。
@ 经费支出实行分级审批：
（一）单笔5000元以下的，由经办处室负责人审批；
（二）单笔5000元以上、5万元以下的，由经办处室负责人审核后报财务处负责人审批；
（三）单笔5万元以上的，报分管财务的负责同志审批；
（四）按照“三重一大”规定需要集体研究的，履行集体决策程序。
@ 报销应当取得合法有效的原始票据。票据应当项目齐全、内容真实、金额准确，并加盖开票单位发票专用章。
@ 报销人应当填写报销单，注明事由，粘贴原始票据，并附审批单、合同、验收单、会议通知等必要的证明材料。
@ 工作人员因公需要借款的，应当填写借款单，经处室负责人和财务处负责人审批后办理。
借款应当在事项完成后15日内报销或者归还；前款未清的，不得再借。
@ 经费报销应当在业务发生后3个月内办理；跨年度的，应当在次年1月15日前办理。
@ 购买办公用品、印刷品等，应当附明细清单；属于政府采购范围的，应当附采购审批和验收材料。
@ 会议费、培训费、差旅费和公务接待费的报销，按照专项管理规定执行。
@ 财务处应当对报销单据的真实性、合法性和完整性进行审核，对不符合规定的不予报销，并向报销人说明理由。
@ 报销款项原则上通过银行转账支付，不得以现金支付大额款项。
@ 报销单据由经办人、证明人和审批人签字。经办人对业务的真实性负责，审批人对支出的必要性和合规性负责。
@ 财务处应当在收到完整报销材料后5个工作日内完成审核和支付。
@ 严禁虚报冒领、伪造变造票据、拆分报销、重复报销和报销与公务无关的费用。
@ 违反本办法规定的，追回违规资金，并依规依纪追究有关人员责任。
@ 本办法自2017年1月1日起施行。
""")

_REIMBURSEMENT_V2 = revise(
    _REIMBURSEMENT_V1,
    replace={
        "工作人员因公需要借款的": """
@ 机关推行公务卡结算。公务支出凡具备刷卡条件的，应当使用公务卡结算，原则上不再办理现金借款。
确需借款的，经处室负责人和财务处负责人审批后办理，并在事项完成后10日内报销或者归还。
""",
        "经费报销应当在业务发生后3个月内办理": """
@ 经费报销应当在业务发生后1个月内办理；跨年度的，应当在次年1月10日前办理。
""",
        "本办法自": "@ 本办法自2023年1月1日起施行。",
    },
    after={
        "报销应当取得合法有效的原始票据": """
@ 电子发票可以作为报销凭证。报销人应当提交电子发票的版式文件，由财务处通过发票查验系统核验真伪，
  防止重复报销。
""",
    },
    delete=("报销款项原则上通过银行转账支付",),
)

_BUDGET = articles("""
## 总则
@ 为加强机关预算管理，规范预算编制、执行和监督，提高财政资金使用效益，根据《中华人民共和国预算法》
  及其实施条例，结合本机关实际，制定本办法。
@ 机关全部收入和支出均应当纳入预算管理。预算管理遵循统筹兼顾、勤俭节约、量力而行、
  讲求绩效和收支平衡的原则。
@ 机关预算管理实行统一领导、归口管理、分级负责：
（一）机关办公会议审定预算草案、预算调整方案和决算草案；
（二）财务处负责预算的编制、汇总、执行监控和决算编报；
（三）各处室负责本处室预算的申报和执行，对预算执行的合规性和绩效负责。
## 预算编制
@ 财务处根据财政部门的部署，于每年6月布置下一年度预算编制工作。
各处室应当结合年度工作计划测算支出需求，在规定时间内报送预算建议。
@ 基本支出预算按照定员定额标准编制；项目支出预算以项目库为基础，未纳入项目库的项目原则上不得安排预算
  。
@ 申报项目支出预算，应当同时申报绩效目标。绩效目标应当明确、具体、可衡量。
@ 财务处对各处室的预算建议进行审核汇总，编制机关预算草案，经机关办公会议审定后报送财政部门。
## 预算执行
@ 财政部门批复预算后，财务处应当在15日内将预算指标分解下达至各处室。
@ 各处室应当严格按照批复的预算和用途使用资金，不得无预算、超预算支出，不得擅自改变资金用途。
@ 财务处应当按月监控预算执行进度，对执行进度明显滞后的项目，向承担处室发出提醒，并报告分管负责同志。
@ 属于政府采购范围的支出，应当按照政府采购的有关规定执行。
## 预算调整
@ 预算执行中，因政策变化或者工作任务调整确需调整预算的，由承担处室提出书面申请，说明调整理由和金额，
  经财务处审核后按照下列权限审批：
（一）调整金额在10万元以下的，报分管财务的负责同志审批；
（二）调整金额在10万元以上的，提交机关办公会议审议。
需要报财政部门批准的，按照规定程序报批。
@ 年度预算执行中一般不追加预算。因特殊情况确需追加的，按照“三重一大”决策程序研究决定。
## 决算与绩效
@ 年度终了，财务处应当按照财政部门要求编制机关决算草案，经机关办公会议审定后报送。
@ 各处室应当对项目支出开展绩效自评。绩效评价结果作为以后年度预算安排的重要依据。
@ 财务处应当按照规定公开机关预算、决算和“三公”经费情况，涉密事项除外。
## 附则
@ 本办法由财务处负责解释，自2024年12月25日起施行。
""")

_TRAVEL_V1 = articles("""
## 总则
@ 为加强和规范机关差旅费管理，推进厉行节约、反对浪费，根据国家和本省差旅费管理有关规定，
  结合本机关实际，制定本办法。
@ 本办法所称差旅费，是指工作人员临时到常驻地以外地区公务出差所发生的城市间交通费、住宿费、
  伙食补助费和市内交通费。
@ 工作人员出差应当事先填写出差审批单，经处室负责人同意后报分管负责同志审批，严格控制出差人数和天数。
不得安排无实质内容、无明确公务目的的出差，不得以任何名义变相旅游。
@ 差旅费纳入预算管理，由财务处按照本办法规定的标准审核报销。
## 城市间交通费
@ 城市间交通费是指工作人员往返常驻地和出差地乘坐火车、轮船、飞机等交通工具所发生的费用。
@ 处级及以下人员出差，乘坐火车硬席（高铁、动车二等座）、轮船三等舱、飞机经济舱；
  厅级人员可以乘坐高铁、动车一等座和轮船二等舱。
未按规定等级乘坐交通工具的，超支部分由个人自理。
@ 出差目的地有多种交通方式可选的，出差人员应当在保证公务和安全的情况下，优先选择经济便捷的方式。
@ 乘坐飞机发生的民航发展基金和燃油附加费，凭票据报销。出差期间每人每次可以凭票据报销一份交通意外保险
  费；机关已统一投保的，不再报销。
## 住宿费
@ 住宿费是指工作人员因公出差期间入住宾馆发生的房租费用。
@ 出差人员应当在限额标准内选择安全、经济、便捷的宾馆住宿。处级及以下人员在省内出差的住宿费标准为每人
  每天350元；到省外出差的，按照财政部门公布的当地标准执行。
@ 出差人员无住宿费票据的，不予报销住宿费。接待单位已安排住宿的，不得重复报销住宿费。
## 伙食补助费和市内交通费
@ 伙食补助费按出差的日历天数计算，每人每天100元，包干使用。出差人员应当自行用餐；
  接待单位统一安排用餐的，应当向其缴纳伙食费。
@ 市内交通费按出差的日历天数计算，每人每天80元，包干使用。接待单位或者其他单位提供交通工具的，
  不再发放市内交通费。
## 报销管理
@ 出差人员应当在出差结束后一个月内办理报销手续，并提供出差审批单、机票、车船票和住宿费发票等凭证。
@ 财务处应当严格审核差旅费开支，对未经批准出差以及超范围、超标准开支的费用不予报销。
出差期间实际住宿但不能提供住宿费发票的，住宿费、城市间交通费、伙食补助费和市内交通费均不予报销。
@ 工作人员参加外单位举办的会议、培训，会期内统一安排食宿的，食宿和市内交通费用由举办单位承担；
  往返的城市间交通费回机关按照本办法报销。
## 监督问责
@ 财务处应当加强对差旅费的监督检查，发现违规问题的，责令改正。
@ 出差人员不得向接待单位提出公务以外的要求，不得接受违反规定的宴请、旅游和娱乐活动，不得收受礼品、
  礼金和土特产品。违反规定的，依规依纪追究责任。
## 附则
@ 本办法由财务处负责解释。
@ 本办法自2020年6月1日起施行。2015年3月1日印发的《差旅费管理暂行规定》同时废止。
""")

_TRAVEL_V2 = revise(
    _TRAVEL_V1,
    replace={
        "出差人员应当在限额标准内": """
@ 出差人员应当在限额标准内选择安全、经济、便捷的宾馆住宿。处级及以下人员在省内出差的住宿费标准为每人
  每天450元；到省外出差的，按照财政部门公布的当地标准执行。
接待单位已安排住宿的，不得重复报销住宿费。
""",
        "本办法自": "@ 本办法自2023年7月1日起施行。",
    },
    after={
        "出差目的地有多种交通方式可选的": """
@ 出差人员应当通过机关公务出行服务平台预订机票和火车票，享受政府采购机票价格优惠。
  确因特殊情况不能通过平台预订的，应当在报销时说明原因。
""",
    },
    delete=("出差人员无住宿费票据的",),
)

_TRAVEL_V3 = revise(
    _TRAVEL_V2,
    replace={
        "伙食补助费按出差的日历天数计算": """
@ 伙食补助费按出差的日历天数计算，每人每天120元，包干使用。出差人员应当自行用餐；
  接待单位统一安排用餐的，应当向其缴纳伙食费。
""",
        "市内交通费按出差的日历天数计算": """
@ 市内交通费按出差的日历天数计算，每人每天100元，包干使用。接待单位或者其他单位提供交通工具的，
  不再发放市内交通费。
""",
        "出差人员应当在出差结束后一个月内": """
@ 出差人员应当在出差结束后20个工作日内通过财务报销系统办理报销手续，并上传出差审批单、
  电子客票行程单和住宿费发票等电子凭证。
""",
        "本办法自": "@ 本办法自2027年1月1日起施行。",
    },
)

_TRAVEL_INTERIM = articles("""
@ 为规范机关差旅费开支，根据国家有关规定，制定本暂行规定。
@ 工作人员出差应当事先履行审批手续，出差审批单由处室负责人签批。
@ 处级及以下人员出差，乘坐火车硬席（动车二等座）、轮船三等舱和飞机经济舱。
@ 出差住宿费实行限额标准，省内出差每人每天不超过300元，省外出差每人每天不超过350元。
@ 伙食补助费每人每天80元，市内交通费每人每天60元，按出差天数包干使用。
@ 出差人员应当在返回后一个月内凭票据报销，逾期不予受理。
@ 出差期间不得擅自绕道、延长出差时间，不得参加与公务无关的活动。
@ 本暂行规定由财务处负责解释，自2015年3月1日起施行。
""")

_TRAVEL_EN = articles("""
@ This policy sets out how travel expenses are approved, incurred and reimbursed for international
  staff and visiting experts engaged by the institution, and for any staff travelling abroad on
  official business. Domestic travel by civil-service staff is governed by the institution's
  Chinese-language travel expense rules.
@ Official travel requires prior written approval. The request states the purpose, destination,
  dates, estimated cost and budget line and is approved by the head of division; travel abroad
  also requires the approval of the heads of the institution.
@ Travellers book the most economical fare that serves the purpose of the trip:
(1) economy class for all flights, unless a medical certificate requires otherwise;
(2) second-class seats on high-speed trains;
(3) taxis or ride-hailing only where public transport is unavailable or unsafe.
@ Hotel costs are reimbursed up to the nightly limits published by the Finance Division for each
  city or country. Costs above the limit are borne by the traveller unless approved in advance in
  writing.
@ A daily allowance covers meals and incidental expenses. For domestic travel it is 120 yuan per
  calendar day; for travel abroad the Ministry of Finance rates for the destination country apply.
  Meals provided by a host or a conference are deducted from the allowance.
@ Visa fees, required vaccinations, travel insurance and airport transfers are reimbursed on
  receipts.
@ The following are not reimbursed:
(1) alcohol, minibar items, entertainment, and laundry on trips shorter than five days;
(2) personal side trips and the extra cost of travelling with family members;
(3) fines, penalties and losses of personal property.
@ Claims are submitted within twenty working days after return, with the approved request,
  original receipts or electronic invoices, boarding passes and a short trip report. Receipts in
  languages other than Chinese or English are accompanied by a brief translation.
@ Foreign-currency expenses are converted at the rate on the date of the expense, as shown on the
  card statement or as published by the Bank of China.
@ Advances may be granted for trips abroad of more than seven days. Unused advances are repaid
  when the claim is submitted.
@ False claims lead to recovery of the amount and to disciplinary or contractual measures.
@ This policy is interpreted by the Finance Division and takes effect on 1 January 2024.
""")

RULES: list[dict] = [
    {
        "code": "HR-003",
        "title": "考勤管理办法",
        "category": "人事/考勤与休假",
        "department": "RSC",
        "owner": "editor.rsc@registry-demo.example.org",
        "tags": ["考勤", "工作纪律"],
        "related": ["HR-005", "HR-022"],
        "basis": [],
        "versions": [
            {"effective_on": "2017-03-01", "change_summary": "首次制定", "body": body(_ATTENDANCE_V1)},
            {
                "effective_on": "2022-09-01",
                "change_summary": "第五条指纹打卡改为人脸识别和移动定位签到；新增第七条短时外出登记；"
                "删除原第七条考勤卡使用；第八条考勤数据改由系统汇总",
                "body": body(_ATTENDANCE_V2),
            },
        ],
    },
    {
        "code": "HR-005",
        "title": "工作人员请休假管理规定",
        "category": "人事/考勤与休假",
        "department": "RSC",
        "owner": "editor.rsc@registry-demo.example.org",
        "tags": ["请假", "年休假", "婚假", "育儿假"],
        "related": [],
        "basis": [],
        "review_cycle_months": 36,
        "versions": [
            {"effective_on": "2016-01-01", "change_summary": "首次制定", "body": body(_LEAVE_V1)},
            {
                "effective_on": "2022-03-01",
                "change_summary": "原第二条适用范围并入第一条；第六条增加延长婚假；新增第八条育儿假；"
                "第十一条处室审批权限由3天调整为2天；第十二条改为通过办公系统申请",
                "body": body(_LEAVE_V2),
            },
        ],
    },
    {
        "code": "HR-008",
        "title": "干部教育培训管理办法",
        "category": "人事/教育培训",
        "department": "RSC",
        "owner": "editor.rsc@registry-demo.example.org",
        "tags": ["培训", "学时", "干部教育"],
        "related": [],
        "basis": [],
        "versions": [
            {"effective_on": "2024-06-01", "change_summary": "首次制定", "body": body(_TRAINING)},
        ],
    },
    {
        "code": "HR-021",
        "title": "Annual Leave Policy",
        "category": "人事/考勤与休假",
        "department": "RSC",
        "owner": "editor.rsc@registry-demo.example.org",
        "tags": ["leave", "annual leave"],
        "related": [],
        "basis": ["HR-005"],
        "versions": [
            {
                "effective_on": "2021-03-01",
                "change_summary": "First issue",
                "body": body(_ANNUAL_LEAVE, english=True),
            },
        ],
    },
    {
        "code": "HR-022",
        "title": "Remote Work Policy",
        "category": "人事",
        "department": "RSC",
        "owner": "editor.rsc@registry-demo.example.org",
        "tags": ["remote work", "attendance", "security"],
        "related": ["XX-021"],
        "basis": [],
        "versions": [
            {
                "effective_on": "2025-03-01",
                "change_summary": "First issue",
                "body": body(_REMOTE_WORK, english=True),
            },
        ],
    },
    {
        "code": "CW-001",
        "title": "财务报销管理办法",
        "category": "财务/差旅报销",
        "department": "CWC",
        "owner": "editor.cwc@registry-demo.example.org",
        "tags": ["报销", "公务卡", "电子发票"],
        "related": ["CW-002", "办发〔2020〕7号"],
        "basis": [],
        "versions": [
            {"effective_on": "2017-01-01", "change_summary": "首次制定", "body": body(_REIMBURSEMENT_V1)},
            {
                "effective_on": "2023-01-01",
                "change_summary": "新增第六条电子发票；第八条现金借款改为公务卡结算；"
                "第九条报销时限由3个月缩短为1个月；"
                "删除原第十二条银行转账支付",
                "body": body(_REIMBURSEMENT_V2),
            },
        ],
    },
    {
        "code": "CW-002",
        "title": "预算管理办法",
        "category": "财务/经费管理",
        "department": "CWC",
        "owner": "editor.cwc@registry-demo.example.org",
        "tags": ["预算", "决算", "绩效"],
        "related": ["GL-005"],
        "basis": [],
        "versions": [
            {"effective_on": "2024-12-25", "change_summary": "首次制定", "body": body(_BUDGET)},
        ],
    },
    {
        "code": "办发〔2020〕7号",
        "title": "差旅费管理办法",
        "category": "财务/差旅报销",
        "department": "CWC",
        "owner": "editor.cwc@registry-demo.example.org",
        "tags": ["差旅费", "住宿费", "伙食补助费"],
        "related": ["CW-021"],
        "basis": [],
        "versions": [
            {
                "effective_on": "2020-06-01",
                "change_summary": "首次制定，替代《差旅费管理暂行规定》",
                "body": body(_TRAVEL_V1),
            },
            {
                "effective_on": "2023-07-01",
                "change_summary": "新增第八条通过公务出行平台订票；"
                "第十一条省内住宿费标准由每人每天350元调整为450元；"
                "删除原第十一条无票据不予报销（已由第十五条涵盖）",
                "body": body(_TRAVEL_V2),
            },
            {
                "effective_on": "2027-01-01",
                "change_summary": "第十二条伙食补助费由每人每天100元调整为120元；"
                "第十三条市内交通费由80元调整为100元；"
                "第十四条报销时限改为20个工作日并使用电子凭证",
                "body": body(_TRAVEL_V3),
            },
        ],
    },
    {
        "code": "CW-003",
        "title": "差旅费管理暂行规定",
        "category": "财务/差旅报销",
        "department": "CWC",
        "owner": "editor.cwc@registry-demo.example.org",
        "tags": ["差旅费"],
        "related": [],
        "basis": [],
        "versions": [
            {"effective_on": "2015-03-01", "change_summary": "首次制定", "body": body(_TRAVEL_INTERIM)},
        ],
        "repealed": {"on": "2020-06-01", "reason": "已被《差旅费管理办法》（办发〔2020〕7号）替代",
                     "successor": "办发〔2020〕7号"},
    },
    {
        "code": "CW-021",
        "title": "Travel Expense Policy",
        "category": "财务/差旅报销",
        "department": "CWC",
        "owner": "editor.cwc@registry-demo.example.org",
        "tags": ["travel", "expenses", "per diem"],
        "related": [],
        "basis": [],
        "review_cycle_months": 36,
        "versions": [
            {
                "effective_on": "2024-01-01",
                "change_summary": "First issue",
                "body": body(_TRAVEL_EN, english=True),
            },
        ],
    },
]
