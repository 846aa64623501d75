"""Demo rules for 保密 (secrecy, classified documents) and 信息化 (security, websites, data, AI)."""

from __future__ import annotations

from registry.demo.data_text import articles, body, revise

_SECRECY_V1 = articles("""
## 总则
@ 为加强机关保密工作，保守国家秘密和工作秘密，维护国家安全和利益，根据《中华人民共和国保守国家秘密法
  》及其实施条例，结合本机关实际，制定本规定。
@ 机关保密工作实行领导负责制。机关保密委员会统一领导机关保密工作；保密委员会办公室（以下简称保密办）
  设在办公室，负责日常工作。
@ 各处室主要负责同志对本处室保密工作负领导责任，工作人员对本岗位保密工作负直接责任。
## 保密管理
### 涉密人员
@ 在涉密岗位工作的人员（以下简称涉密人员），按照涉密程度分为核心涉密人员、重要涉密人员和一般涉密人员
  ，实行分类管理。
@ 涉密人员上岗前应当经过保密审查和保密教育培训，并签订保密承诺书。
@ 涉密人员因私出国（境）应当按照规定报批。涉密人员离岗离职的，实行脱密期管理：
  核心涉密人员脱密期为2年至3年，重要涉密人员为1年至2年，一般涉密人员为6个月至1年。
### 涉密载体
@ 涉密载体是指以文字、数据、符号、图形、图像、声音等方式记载国家秘密信息的纸介质、光介质、
  电磁介质等各类物品。
@ 制作涉密载体，应当标明密级和保密期限，注明发放范围和制作数量，并编排顺序号。
@ 收发涉密载体应当履行清点、登记、编号、签收等手续。传递涉密载体应当通过机要交通、
  机要通信或者派专人传递，不得通过普通邮政、快递渠道传递。
@ 涉密载体应当存放在密码文件柜中，绝密级载体应当存放在保密柜中，并由专人管理。
@ 销毁涉密载体，应当经处室负责人批准，履行清点、登记手续，送保密部门指定的销毁机构销毁。
  个人不得私自销毁涉密载体。
### 涉密计算机和网络
@ 涉密计算机和涉密网络应当按照国家保密标准建设和管理，不得与互联网和其他公共信息网络连接。
@ 严禁在非涉密计算机和非涉密存储介质中存储、处理涉密信息；严禁在涉密计算机和非涉密计算机之间交叉使用
  移动存储介质。
@ 涉密计算机实行专人管理，设置开机口令，口令长度不少于8位并定期更换。
## 宣传报道与会议保密
@ 机关对外宣传报道和公开发布信息，应当经过保密审查；未经审查，不得对外发布。
@ 召开涉密会议，应当选择具备保密条件的场所，严格控制参会人员范围，对参会人员进行身份确认，
  禁止带入手机等电子设备。
## 监督检查
@ 保密办每年至少组织一次保密检查，对发现的问题督促整改。
@ 发生泄密事件的，当事处室应当立即采取补救措施，并在24小时内报告保密办。保密办应当按照规定及时报告。
@ 违反本规定的，依规依纪追究责任；构成犯罪的，依法追究刑事责任。
## 附则
@ 本规定自2016年7月1日起施行。
""")

_SECRECY_V2 = revise(
    _SECRECY_V1,
    replace={
        "涉密计算机实行专人管理": """
@ 涉密计算机实行专人管理，采取身份鉴别措施，口令长度不少于10位并每月更换一次。
""",
        "保密办每年至少组织一次保密检查": """
@ 保密办每半年至少组织一次保密检查，对发现的问题督促整改，检查结果在机关内部通报。
""",
        "本规定自": "@ 本规定自2019年10月1日起施行。",
    },
    after={
        "严禁在非涉密计算机和非涉密存储介质中": """
@ 工作人员不得在智能手机中存储、处理和传输涉密信息，不得通过即时通信工具谈论或者传递涉密事项。
""",
    },
)

_SECRECY_V3 = revise(
    _SECRECY_V2,
    replace={
        "为加强机关保密工作": """
@ 为加强机关保密工作，保守国家秘密和工作秘密，维护国家安全和利益，根据2024年修订的《中华人民共和国保
  守国家秘密法》及其实施条例，结合本机关实际，制定本规定。
""",
        "发生泄密事件的": """
@ 发生泄密事件的，当事处室应当立即采取补救措施并报告保密办，最迟不得超过24小时。
  保密办应当按照规定及时向上级保密部门报告。
""",
        "本规定自": "@ 本规定自2024年5月1日起施行。",
    },
    after={
        "涉密人员上岗前应当经过": """
@ 涉密人员应当遵守保密守则，按照规定报告个人有关事项。机关对涉密人员履行保密责任情况开展经常性监督检
  查。
""",
    },
    delete=("涉密载体是指",),
)

_CLASSIFIED_DOCUMENTS = articles("""
@ 为加强机关机要文件管理，确保国家秘密安全，根据国家保密法律法规和机关《保密工作管理规定》，
  制定本办法。
@ 本办法所称机要文件，是指标有密级的公文、电报、资料和其他涉密文件材料。
@ 机要文件由办公室机要室统一接收、登记、分办和管理。机要室应当设在符合保密要求的专用场所，
  配备保密柜和监控设施。
@ 接收机要文件应当当面清点、核对份号和密级，确认封口完好后签收。发现封口破损、份数不符等异常情况的，
  应当立即报告。
@ 机要文件应当在机要室或者指定的阅文室阅办，阅文人员不得将文件带离。确需带回办公室阅办的，
  应当办理借阅登记，当日归还。
@ 阅办机要文件应当严格控制知悉范围，不得擅自扩大传阅范围，不得复制、摘抄、拍照。
@ 复制机要文件应当经发文机关或者机关主要负责同志批准。复制件视同原件管理，加盖复制戳记并登记。
@ 机要室工作人员应当经过保密审查，熟悉机要工作规定，未经批准不得离岗。
@ 机要文件应当逐件登记文件标题、文号、密级、份号、收文时间和承办处室。登记簿按照涉密载体管理。
@ 传递机要文件应当使用机要封套，密封并加盖密封章，通过机要交通或者派专人传递。
@ 机要文件办理完毕后，应当及时退回机要室。机要室每年年底对机要文件进行清查，发现遗失的，
  立即报告保密办查处。
@ 上级机关要求清退的机要文件，机要室应当在规定期限内清退，不得截留。
@ 不需要归档和清退的机要文件，经机要室登记造册、保密办审核后，送指定的销毁机构销毁。
@ 工作人员调离岗位的，应当将经管的机要文件全部清退，并办理移交手续。
@ 违反本办法的，依照有关规定追究责任。
@ 本办法自2020年3月1日起施行。
""")

_IT_SECURITY_V1 = articles("""
## 总则
@ 为加强机关信息系统安全管理，保障网络和信息系统安全稳定运行，根据《中华人民共和国网络安全法》
  和国家网络安全等级保护有关规定，结合本机关实际，制定本办法。
@ 本办法适用于机关建设、运行和使用的办公网络、业务系统、门户网站和终端设备。
  涉密信息系统按照国家保密规定管理。
@ 机关网络安全工作坚持谁主管谁负责、谁运行谁负责、谁使用谁负责。
信息中心负责机关网络和信息系统的安全管理和技术保障；各业务处室对本处室业务系统和数据的安全负责。
## 系统建设与等级保护
@ 新建信息系统应当同步规划、同步建设、同步使用安全保护措施。
@ 信息中心应当对信息系统进行定级备案。第二级以上信息系统应当定期开展等级测评，发现问题及时整改。
@ 信息系统上线前应当进行安全测试，存在高危漏洞的不得上线运行。
## 运行管理
@ 信息中心应当对网络和信息系统实行7×24小时监测，及时发现和处置网络攻击、病毒入侵等安全事件。
@ 服务器、网络设备和安全设备的管理员账号实行专人专用，系统日志至少保存6个月。
@ 信息中心应当及时跟踪公开发布的安全漏洞，对重要漏洞在发布后30日内完成修补。
@ 信息系统运维服务外包的，应当与服务商签订安全保密协议；运维操作应当通过运维审计系统进行，
  并全程记录。
@ 机房实行门禁管理，外来人员进入机房应当登记，并由信息中心人员全程陪同。
## 用户和终端管理
@ 工作人员使用办公网络和信息系统，应当使用本人账号，不得将账号借给他人使用。
@ 用户口令长度不少于8位，应当包含字母和数字，并每90天更换一次。
@ 办公终端应当安装机关统一部署的防病毒软件和终端管理软件，不得擅自卸载。
@ 移动存储介质应当在信息中心登记后使用，使用前应当进行病毒查杀。
@ 严禁办公终端同时连接内网和互联网，严禁在办公终端上安装来源不明的软件。
@ 工作人员离岗离职的，所在处室应当及时通知信息中心注销或者调整其账号权限。
## 附则
@ 违反本办法，造成网络安全事件的，依规依纪追究责任。
@ 本办法自2018年6月1日起施行。
""")

_IT_SECURITY_V2 = revise(
    _IT_SECURITY_V1,
    replace={
        "信息中心应当及时跟踪": """
@ 信息中心应当及时跟踪公开发布的安全漏洞。高危漏洞应当在发布后7日内完成修补，
  其他重要漏洞在30日内完成修补。
""",
        "用户口令长度不少于8位": """
@ 用户口令长度不少于12位，应当包含大小写字母、数字和特殊字符。重要业务系统应当采用双因素认证。
""",
        "本办法自": "@ 本办法自2023年11月1日起施行。",
    },
    after={
        "信息中心应当对网络和信息系统实行": """
@ 信息中心每年至少组织一次网络安全攻防演练和一次应急演练，检验安全防护和应急处置能力。
""",
    },
    delete=("机房实行门禁管理",),
)

_INCIDENT_RESPONSE = articles("""
## General Provisions
@ This procedure sets out how information security incidents affecting the institution's networks,
  systems and data are reported, assessed, contained and reviewed. It implements the Information
  System Security Management Measures.
@ An information security incident is any event that harms, or threatens to harm, the
  confidentiality, integrity or availability of the institution's information or systems,
  including malware infection, unauthorised access, data leakage, website defacement and prolonged
  service outage.
@ The Information Center coordinates incident response. Each division names a security contact who
  reports incidents and helps with containment.
## Classification
@ Incidents are classified by impact into four levels:
(1) Level I (critical): classified information or large amounts of personal data are leaked, or
  core systems are unavailable for more than 24 hours;
(2) Level II (major): key business systems or the public website are unavailable for more than 8
  hours, or data are altered without authorisation;
(3) Level III (significant): a single system or group of devices is affected but services continue;
(4) Level IV (minor): isolated events with no lasting effect, such as a blocked phishing e-mail.
@ The Information Center assigns the initial level within 30 minutes of a report and revises it as
  the facts become clear.
## Reporting
@ Anyone who discovers or suspects an incident reports it at once to the Information Center
  service desk by phone, and does not try to investigate alone.
@ The Information Center reports Level I and II incidents to the head of the General Office within
  one hour, and to the competent cybersecurity authorities within the time limits they set.
  Incidents involving classified information are also reported at once to the Secrecy Office.
@ A report states what happened, when it was noticed, which systems and data are affected, and
  what has already been done.
## Response
@ The Information Center takes containment measures in proportion to the level, such as isolating
  affected devices, disabling compromised accounts and blocking malicious addresses. Evidence,
  including logs and disk images, is preserved before systems are restored.
@ Systems are restored from known-good backups once the cause has been removed. The owner of the
  system confirms that it works correctly before it returns to service.
@ Only the General Office communicates with the public and the media about an incident.
## Review and Improvement
@ Within ten working days after a Level I, II or III incident is closed, the Information Center
  prepares a review report covering the cause, the impact, the response and the improvements
  needed.
@ The Information Center maintains incident response playbooks and holds at least one response
  exercise each year.
## Supplementary Provisions
@ Failing to report an incident, or concealing one, is dealt with under the institution's
  disciplinary rules.
@ This procedure is interpreted by the Information Center and takes effect on 1 March 2025.
""")

_WEBSITES = articles("""
@ 为加强机关门户网站和政务新媒体的建设管理，规范信息发布，提升政务公开和政务服务水平，
  根据政府网站和政务新媒体管理的有关规定，结合本机关实际，制定本办法。
@ 本办法所称政务新媒体，是指机关在微博、微信、移动客户端等第三方平台上开设的政务账号，
  以及机关自行开发的移动应用。
@ 办公室是机关门户网站和政务新媒体的主管部门，负责内容规划、信息发布审核和日常监督；
  信息中心负责技术保障和安全防护；各处室负责提供本领域信息，并对内容的准确性负责。
@ 开设政务新媒体账号，应当由拟开设处室提出申请，经办公室审核、分管负责同志批准后开设，
  并按照规定备案。
未经批准，任何处室和个人不得以机关名义开设账号。
@ 发布信息实行先审后发和三级审核：信息由提供处室负责人初审，办公室审核，重要信息报分管负责同志审签。
@ 发布信息应当进行保密审查。涉及国家秘密、工作秘密、商业秘密和个人隐私的信息不得公开。
@ 门户网站和政务新媒体应当及时更新。动态要闻类信息应当在事项发生后2个工作日内发布；
  长期未更新的栏目应当清理或者合并。
@ 对公众的留言和咨询，应当在5个工作日内答复；情况复杂的，应当告知办理进度。
@ 发布的信息出现错误的，应当立即更正或者撤回，并视情况发布说明。
@ 信息中心应当对门户网站和政务新媒体实行全天候安全监测，发现篡改、攻击等异常情况的，立即处置并报告。
@ 政务新媒体账号的登录口令由专人管理，定期更换；管理人员调整的，应当及时办理账号交接。
@ 办公室每季度对门户网站和政务新媒体开展一次自查，检查情况在机关内部通报。对无力维护、
  功能相近的账号，应当整合或者关停。
@ 门户网站应当设置信息公开、政务服务和互动交流栏目，并符合无障碍和适老化的有关要求。
@ 使用图片、音视频等素材，应当注意保护他人的知识产权和肖像权，不得使用来源不明的素材。
@ 违反本办法，造成不良影响的，依规依纪追究有关人员责任。
@ 本办法自2026年6月1日起施行。
""")

_BACKUP_V1 = articles("""
@ 为规范机关信息系统数据的备份与恢复工作，防止数据丢失和损毁，保障业务连续性，
  根据机关《信息系统安全管理办法》，制定本规定。
@ 本规定适用于机关各业务系统、办公系统和门户网站的数据备份与恢复。
@ 信息中心负责制定备份策略、实施备份操作和保管备份介质；业务处室负责确认本处室系统数据的备份需求，
  并参与恢复验证。
@ 根据数据的重要程度，备份分为以下两类：
（一）核心数据，包括公文、档案、财务和人事数据，每日增量备份，每周全量备份；
（二）一般数据，每周增量备份，每月全量备份。
@ 备份数据至少保留两个副本，其中一个副本存放在与生产环境物理隔离的存储介质中。
@ 备份作业完成后，应当检查备份日志，确认备份成功。备份失败的，应当在当日重新备份并查明原因。
@ 信息中心每季度对核心数据进行一次恢复演练，验证备份数据的完整性和可用性，并形成演练记录。
@ 需要恢复数据的，由业务处室提出申请，经信息中心负责人批准后实施。恢复操作应当记录恢复的时间、
  范围和操作人员。
@ 备份介质应当存放在安全的环境中，做好防火、防磁、防潮，并进行标识和登记。报废的备份介质应当进行数据
  清除或者物理销毁。
@ 业务系统新建或者升级时，承建单位应当提交数据备份方案，经信息中心审核后与系统同步实施。
@ 信息中心每年对备份策略进行一次评审，根据业务变化和存储容量调整备份范围和频次。
@ 备份数据涉及个人信息的，应当采取加密等安全措施；访问备份数据应当经过授权。
@ 本规定自2021年5月1日起施行。
""")

_BACKUP_DRAFT = revise(
    _BACKUP_V1,
    replace={
        "备份数据至少保留两个副本": """
@ 备份数据至少保留三个副本，其中一个副本存放在与生产环境物理隔离的存储介质中，
  一个副本存放在异地灾备中心。
""",
        "信息中心每季度对核心数据": """
@ 信息中心每半年对核心数据进行一次恢复演练，验证备份数据的完整性和可用性，并形成演练记录。
  核心系统的数据恢复时间不得超过4小时。
""",
        "本规定自": "@ 本规定自印发之日起施行。",
    },
    after={
        "根据数据的重要程度": """
@ 为防范勒索病毒等网络攻击，核心数据应当另行保留一个离线且不可篡改的副本，保留期限不少于30日。
""",
    },
)

_AI_TOOLS_DRAFT = articles("""
@ 为规范机关工作人员在工作中使用生成式人工智能工具，发挥其提高工作效率的作用，
  防范泄密和内容失真风险，结合本机关实际，制定本规定。
@ 本规定所称人工智能工具，是指能够根据指令生成文本、图片、音视频、代码等内容的生成式人工智能服务和软
  件。
@ 工作中使用人工智能工具，应当坚持安全可控、人工把关、合法合规、注重实效的原则。
@ 机关统一部署的人工智能工具，由信息中心负责选型、部署和安全评估。
工作人员在工作中原则上使用机关统一部署的工具；使用其他互联网人工智能服务的，
  仅限于处理已经公开的信息。
@ 严禁将下列信息输入互联网人工智能服务：
（一）国家秘密和工作秘密；
（二）未公开的公文、会议材料和领导批示；
（三）工作人员和服务对象的个人信息；
（四）其他敏感数据。
@ 人工智能工具生成的内容只能作为工作参考。使用人应当核实其准确性、合法性，并对最终成果负责。
未经审核，不得将生成内容直接作为公文、对外答复或者决策依据。
@ 以机关名义对外发布含有人工智能生成内容的信息，应当履行发布审核程序，并按照规定进行标识。
@ 人工智能工具不得用于人员考核评价、资金审批等需要人工判断的决策事项。
@ 信息中心应当记录机关统一部署工具的使用日志，定期开展安全检查，发现违规使用的，及时提醒和处置。
@ 使用人工智能工具辅助起草公文的，起草人应当对事实、数据、引文和政策表述逐项核对，
  并在送审时说明使用情况。
@ 各处室需要在业务系统中集成人工智能功能的，应当事先报信息中心进行安全评估；涉及个人信息处理的，
  还应当进行个人信息保护影响评估。
@ 人事处会同信息中心每年组织人工智能工具使用培训，提高工作人员的使用能力和风险意识。
@ 违反本规定造成泄密或者不良影响的，依规依纪追究责任。
@ 本规定自印发之日起试行。
""")

RULES: list[dict] = [
    {
        "code": "保委〔2016〕2号",
        "title": "保密工作管理规定",
        "category": "保密",
        "department": "BMB",
        "owner": "editor.bmb@registry-demo.example.org",
        "tags": ["保密", "涉密人员", "涉密载体"],
        "related": ["XX-001"],
        "basis": [],
        "review_cycle_months": 36,
        "versions": [
            {"effective_on": "2016-07-01", "change_summary": "首次制定", "body": body(_SECRECY_V1)},
            {
                "effective_on": "2019-10-01",
                "change_summary": "新增第十四条智能手机保密要求；"
                "第十五条涉密计算机口令长度由8位提高到10位并每月更换；"
                "第十八条保密检查改为每半年至少一次",
                "body": body(_SECRECY_V2),
            },
            {
                "effective_on": "2024-05-01",
                "change_summary": "根据修订后的保守国家秘密法修改第一条；新增第六条涉密人员监督；"
                "删除原第七条涉密载体定义；"
                "第十九条明确泄密事件报告时限",
                "body": body(_SECRECY_V3),
            },
        ],
    },
    {
        "code": "BM-002",
        "title": "机要文件管理办法",
        "category": "保密/机要文件",
        "department": "BMB",
        "owner": "editor.bmb@registry-demo.example.org",
        "tags": ["机要", "涉密文件", "清退"],
        "related": [],
        "basis": ["保委〔2016〕2号"],
        "versions": [
            {"effective_on": "2020-03-01", "change_summary": "首次制定", "body": body(_CLASSIFIED_DOCUMENTS)},
        ],
    },
    {
        "code": "XX-001",
        "title": "信息系统安全管理办法",
        "category": "信息化/网络与信息安全",
        "department": "XXZX",
        "owner": "editor.xxzx@registry-demo.example.org",
        "tags": ["网络安全", "等级保护", "口令"],
        "related": ["XX-003"],
        "basis": [],
        "review_cycle_months": 36,
        "versions": [
            {"effective_on": "2018-06-01", "change_summary": "首次制定", "body": body(_IT_SECURITY_V1)},
            {
                "effective_on": "2023-11-01",
                "change_summary": "新增第八条攻防演练和应急演练；第十条高危漏洞修补时限缩短为7日；"
                "删除原第十一条机房门禁（系统已迁移至政务云）；第十三条口令长度由8位提高到12位",
                "body": body(_IT_SECURITY_V2),
            },
        ],
    },
    {
        "code": "XX-021",
        "title": "Information Security Incident Response Procedure",
        "category": "信息化/网络与信息安全",
        "department": "XXZX",
        "owner": "editor.xxzx@registry-demo.example.org",
        "tags": ["incident response", "security", "reporting"],
        "related": [],
        "basis": ["XX-001"],
        "versions": [
            {
                "effective_on": "2025-03-01",
                "change_summary": "First issue",
                "body": body(_INCIDENT_RESPONSE, english=True),
            },
        ],
    },
    {
        "code": "XX-003",
        "title": "网站与政务新媒体管理办法",
        "category": "信息化/网站与新媒体",
        "department": "XXZX",
        "owner": "editor.xxzx@registry-demo.example.org",
        "tags": ["门户网站", "政务新媒体", "信息发布"],
        "related": ["保委〔2016〕2号"],
        "basis": [],
        "versions": [
            {"effective_on": "2026-06-01", "change_summary": "首次制定", "body": body(_WEBSITES)},
        ],
    },
    {
        "code": "XX-004",
        "title": "数据备份与恢复管理规定",
        "category": "信息化/网络与信息安全",
        "department": "XXZX",
        "owner": "editor.xxzx@registry-demo.example.org",
        "tags": ["数据备份", "灾备", "恢复演练"],
        "related": ["XX-021"],
        "basis": ["XX-001"],
        "versions": [
            {"effective_on": "2021-05-01", "change_summary": "首次制定", "body": body(_BACKUP_V1)},
        ],
        "draft": {
            "change_summary": "修订草案：新增第五条离线不可篡改副本；第六条备份副本增加到三个并异地存放；"
            "第八条恢复演练改为每半年一次，明确4小时恢复时限",
            "body": body(_BACKUP_DRAFT),
        },
    },
    {
        "code": "XX-010",
        "title": "人工智能工具使用管理规定（试行）",
        "kind": "内部管理制度",  # its draft goes through the short procedure: drafting, decision, issue
        "category": "信息化",
        "department": "XXZX",
        "owner": "editor.xxzx@registry-demo.example.org",
        "tags": ["人工智能", "生成式AI", "保密"],
        "related": ["保委〔2016〕2号"],
        "basis": ["XX-001"],
        "versions": [],
        "draft": {"change_summary": "新制定，征求意见稿", "body": body(_AI_TOOLS_DRAFT)},
    },
]
