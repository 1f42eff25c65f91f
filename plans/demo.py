"""Demo plans: two of the real plans in seeds/, and a city plan of 2026; loaded after
``organizations.demo.load()``.

- Bình Tân 2024 (seed 000): Quận Đoàn Bình Tân's plan for Đoàn and Hội organisations in
  non-state units, with its quarterly founding roadmap and its two share-outs to the 10 wards
  (sections II.4.3 and III.2.2, which contradict each other: the demo keeps both as written).
- Thủ Dầu Một 2018 (seed 003): the yearly targets of the young-worker programme, with the
  small Bình Dương tree it needs.
- Thành Đoàn TP. Hồ Chí Minh 2026 (no seed: seed 000's mission over the city's 168 wards of
  the official list): a share for every ward and a quarterly roadmap that adds up to them.

The text is the plans' own, with the Markdown emphasis of the transcripts taken out. What a
plan does not say (Bình Tân's number and date of issue, Thủ Dầu Một's signer) stays blank.
Running the loader twice changes nothing: a plan found by its issuing unit and title is left
as it is.
"""

from datetime import date, time
from decimal import Decimal

from django.db import transaction

from organizations import services as unit_services
from organizations.models import Unit, UnitKind
from organizations.text import normalize, vietnamese_slug
from targets.models import Allocation, Metric, Target
from targets.periods import Period
from targets.services import TargetCell, allocation_set_save, roadmap_save

from . import services
from .models import Assignment, CommitteeMember, LegalBasis, Milestone, Plan, Recipient

TOTAL, OWN, CHILDREN = Target.Level.TOTAL, Target.Level.OWN, Target.Level.CHILDREN


def _paragraphs(*lines: str) -> str:
    return "\n".join(lines)


# Seed 000: Quận Đoàn Bình Tân, 2024.

BINH_TAN = "Quận Đoàn Bình Tân"
TITLE_000 = (
    "Tổ chức các hoạt động và xây dựng tổ chức Đoàn, Hội trong các doanh nghiệp ngoài khu "
    "vực nhà nước và đơn vị sự nghiệp ngoài công lập năm 2024"
)
DISTRICT = "Quận Đoàn"
WARDS = "Đoàn cơ sở 10 phường"

PURPOSES_000 = (
    (
        "- Nâng cao nhận thức về vai trò của thanh niên công nhân của tổ chức Đoàn, Hội "
        "trong thực hiện nhiệm vụ sản xuất kinh doanh và xây dựng các đơn vị ngoài khu vực "
        "nhà nước; đẩy mạnh xây dựng mối quan hệ lao động hài hòa, ổn định và tiến bộ trong "
        "doanh nghiệp."
    ),
    (
        "- Thực hiện có hiệu quả công tác tập hợp, đoàn kết, giáo dục và bồi dưỡng thanh "
        "niên công nhân, nâng cao chất lượng hoạt động của các tổ chức Đoàn, Hội trong các "
        "đơn vị ngoài khu vực nhà nước."
    ),
    (
        "- Tạo sự chuyên biến mạnh mẽ trong việc nâng cao chất lượng hoạt động của tổ chức "
        "chính trị - xã hội đáp ứng yêu cầu nhiệm vụ chính trị trong giai đoạn mới và góp "
        "phần tích cực vào hiệu quả hoạt động sản xuất, kinh doanh của đơn vị kinh tế tư "
        "nhân"
    ),
    (
        "- Tổ chức có hiệu quả công tác chăm lo cho thanh niên công nhân, tích cực xây dựng "
        "đội ngũ thanh niên công nhân trên địa bàn quận phát triển toàn diện về thể chất và "
        "tinh thần; tiếp cận tốt các dịch vụ an sinh xã hội, nâng cao chất lượng cuộc sống."
    ),
)

REQUIREMENTS_000 = (
    (
        "- Có giải pháp cụ thể hiệu quả, đi vào thực chất và tạo được sự đồng thuận cao "
        "trong chủ doanh nghiệp, thanh niên công nhân, người lao động và xã hội."
    ),
    "- Quan tâm đổi mới hình thức tổ chức các hoạt động.",
)

CONTENT_000 = (
    (
        "1. Đẩy mạnh công tác giáo dục; cụ thể hóa các nội dung học tập và làm theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh trong thanh niên công nhân."
    ),
    "1.1. Cấp Quận:",
    (
        "- Thực hiện Kế hoạch số 101-KH/QU ngày 24/12/2021 thực hiện Kết luận số 01-KL/TW "
        "ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày "
        "15/5/2016 của Bộ Chính trị khóa XII về đẩy mạnh học tập và làm theo tư tưởng, đạo "
        "đức, phong cách Hồ Chí Minh, Kế hoạch số 226-KH/QU ngày 03/8/2023 của Ban Thường vụ "
        "Quận ủy về thực hiện Đề án số 10-ĐA/TU ngày 24/4/2023 của Ban Thường vụ Thành ủy về "
        "tăng cường xây dựng tổ chức đảng, tổ chức chính trị - xã hội trong các đơn vị kinh "
        "tế tư nhân trên địa bàn Quận giai đoạn 2023 - 2025 và những năm tiếp theo."
    ),
    (
        "- Tổ chức cho đoàn viên, thanh niên đăng ký học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh; triển khai học tập chuyên đề học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh và các bài học lý luận chính trị cho đoàn viên với "
        "các hình thức hiện đại, hấp dẫn. Theo dõi, kiểm tra, đánh giá thường xuyên, đồng "
        "thời phát hiện, tuyên dương và phát huy các gương điển hình thanh niên tiên tiến "
        "làm theo lời Bác; phát huy không gian văn hóa Hồ Chí Minh gắn với cuộc đời, sự "
        "nghiệp vĩ đại và tư tưởng, đạo đức, phong cách của Chủ tịch Hồ Chí Minh làm cho nét "
        "đẹp văn hóa, con người Chủ tịch Hồ Chí Minh thấm sâu vào tuổi trẻ quận Bình Tân."
    ),
    (
        "- Đẩy mạnh Ứng dụng công nghệ thông tin, phát huy tối đa hiệu quả các công cụ "
        "phương tiện truyền thông hiện đại, phát huy hiệu quả các trang thông tin điện tử, "
        "tiện ích của trang mạng xã hội, lan tỏa trang cộng đồng (Fanpage) “Bình Tân trong "
        "tôi”, “Quận Đoàn Bình Tân” trong công tác tuyên truyền giáo dục thanh thiếu nhi; "
        "phát huy trang mạng xã hội của các cơ sở Đoàn trực thuộc, các ứng dụng (app) của "
        "Đoàn - Hội - Đội cấp Thành, đặc biệt ứng dụng “Thanh niên Việt Nam” của Trung ương "
        "Đoàn; đầu tư tìm kiếm, nắm bắt hoặc tạo ra các xu hướng, trào lưu trong giới trẻ, "
        "thực hiện các sản phẩm tuyên truyền có sức thu hút, tác động lớn để góp phần đổi "
        "mới công tác tuyên truyền, giáo dục của Đoàn; tiếp tục sử dụng hiệu quả các thiết "
        "chế văn hóa ở cơ sở để thực hiện công tác tuyên truyền, giáo dục."
    ),
    (
        "- Tổ chức phổ biến pháp luật như: câu chuyện pháp lý, đội hình hỗ trợ tư vấn pháp "
        "lý miễn phí cho thanh niên công nhân."
    ),
    "- Tổ chức tuyên dương gương “Thủ lĩnh thanh niên công nhân quận Bình Tân tiêu biểu”.",
    "1.2. Cơ sở Đoàn trực thuộc:",
    (
        "- 100% cơ sở Đoàn có sản phẩm tuyên truyền hoặc phát huy, sử dụng hiệu quả các sản "
        "phẩm tuyên truyền trực quan, sinh động trong các hoạt động, sự kiện lớn trong năm; "
        "triển khai việc ghi nhận, đánh giá hiệu quả, sự chuyển biến về mặt nhận thức của "
        "đoàn viên, thanh niên sau mỗi đợt hoạt động tuyên truyền, giáo dục của Đoàn, có "
        "giải pháp sử dụng hiệu quả kết quả sau khảo sát, đánh giá."
    ),
    (
        "- Tổ chức cho thanh niên công nhân tìm hiểu về chủ nghĩa Mác - Lênin và tư tưởng Hồ "
        "Chí Minh, về vị trí và vai trò của giai cấp công nhân Việt Nam, tiếp tục đẩy mạnh "
        "việc học tập và làm theo tư tưởng, tấm gương đạo đức, phong cách Hồ Chí Minh trong "
        "thanh niên công nhân thông qua các buổi tuyên truyền, chương trình, hội thi tìm "
        "hiểu, các tài liệu tuyên truyền và thông qua hệ thống phát thanh của các đơn vị; hỗ "
        "trợ trang bị tủ sách về cuộc đời và sự nghiệp của Chủ tịch Hồ Chí Minh tại các khu "
        "lưu trú văn hóa, nhà trọ và trong doanh nghiệp ngoài khu vực nhà nước."
    ),
    (
        "- Tổ chức các hoạt động giáo dục truyền thống lịch sử, ý thức dân tộc, chủ quyền "
        "đất nước, bồi dưỡng lòng yêu nghề, đơn vị cho thanh niên công nhân thông qua các "
        "hội diễn văn nghệ, hội thi tay nghề, các hoạt động về nguồn, tham quan di tích lịch "
        "sử, đền với địa chỉ đỏ..."
    ),
    (
        "- Thường xuyên tổ chức các hoạt động tuyên truyền và phổ biến Nghị quyết Đại hội "
        "Đảng, Đại hội Đoàn các cấp, các văn bản luật có liên quan đến thanh niên công nhân "
        "và doanh nghiệp thông qua các phương tiện thông tin, báo chí và tổ chức Đoàn, Hội "
        "trong các doanh nghiệp; nâng cao trình độ hiểu biết pháp luật, xây dựng tinh thần "
        "tôn trọng và chấp hành pháp luật trong thanh niên công nhân gắn với việc tổ chức "
        "các buổi tư vấn pháp luật, hội thi và phát tài liệu tuyên truyền trực tiếp đến lực "
        "lượng đoàn viên, thanh niên tại các đơn vị."
    ),
    (
        "- Tuyên truyền, vận động thanh niên công nhân thực hiện tốt nội quy của đơn vị, về "
        "an toàn lao động, vệ sinh nhà xưởng, máy móc, kho bãi; đảm bảo quy trình sản xuất, "
        "kinh doanh dịch vụ theo tiêu chuẩn; xây dựng thái độ làm việc tích cực và tác phong "
        "chuyên nghiệp thông qua các phong trào, đợt thi đua lao động sản xuất; thường xuyên "
        "tổ chức tuyên dương, biểu dương các gương điển hình thanh niên công nhân tiêu biểu "
        "trong sản xuất kinh doanh."
    ),
    (
        "- Đầu tư, nâng chất các nhóm nòng cốt nắm bắt dư luận thanh niên công nhân; tăng "
        "cường công tác nắm bắt dư luận, tư tưởng của thanh niên công nhân tại các doanh "
        "nghiệp và địa phương cư trú."
    ),
    (
        "2. Đẩy mạnh hoạt động đồng hành, chăm lo đời sống và việc làm cho thanh niên công "
        "nhân, góp phần xây dựng mối quan hệ lao động hài hòa, ổn định và tiến bộ trong các "
        "đơn vị ngoài nhà nước, đặc biệt là các doanh nghiệp ngoài khu vực nhà nước có từ "
        "500 lao động trở lên."
    ),
    "2.1. Cấp Quận:",
    (
        "- Phối hợp tổ chức các chương trình “Vui Tết cùng thanh niên công nhân xa quê” tại "
        "các khu lưu trú văn hóa, khu nhà trọ thanh niên công nhân trên địa bàn Quận. Vận "
        "động các nguồn lực tổ chức trao tặng quà tết, vé xe miễn phí cho thanh niên công "
        "nhân tại các khu lưu trú văn hóa trên địa bàn quận."
    ),
    (
        "- Phối hợp tổ chức các sân chơi: văn hóa văn nghệ, thể dục thể thao, chiếu phim "
        "dành cho thanh niên công nhân trên địa bàn Khu công nghiệp Tân Tạo và Khu công "
        "nghiệp Vĩnh Lộc, tổ chức sân chơi cuối tuần dành cho thanh niên công nhân có hoàn "
        "cảnh khó khăn."
    ),
    (
        "- Phối hợp vận động các chủ nhà trọ đăng ký định mức Điện - Nước cho thanh niên "
        "công nhân trên địa bàn Quận."
    ),
    (
        "- Phối hợp tổ chức Hội thi tay nghề dành cho Thanh niên công nhân tại các công ty, "
        "doanh nghiệp; tổ chức ít nhất 02 chương trình thăm, khám sức khỏe miễn phí cho "
        "thanh niên công nhân khó khăn trên địa bàn quận; tổ chức 02 chương trình Phiên chợ "
        "thanh niên công nhân trên địa bàn và các hoạt động bán hàng bình ổn giá nhằm tuyên "
        "truyền “Người Việt Nam ưu tiên dùng hàng Việt Nam”."
    ),
    "2.2. Cơ sở Đoàn trực thuộc:",
    "- Rà soát các khu nhà trọ nhằm đảm bảo tiêu chuẩn đề xuất thành lập Khu lưu trú văn hóa.",
    (
        "- Tổ chức các hoạt động văn hóa văn nghệ, thể dục thể thao; các hoạt động chăm lo "
        "thiết thực gắn với nhu cầu của thanh niên công nhân tại đơn vị."
    ),
    (
        "- Phát động thi đọt thi đua lao động sản xuất, hoạt động khuyến khích đoàn viên, "
        "thanh niên đề xuất ý tưởng, sáng kiến nhằm cải tiến quy trình, mẫu mã, chất lượng "
        "hàng hóa, dịch vụ, ứng dụng hiệu quả khoa học công nghệ trong sản xuất, phát huy "
        "các ý tưởng trong sản xuất nông nghiệp sạch và các giải pháp bảo vệ môi trường, tạo "
        "môi trường kết nối và phát huy hiệu quả các ý tưởng, sáng kiến tham gia cải cách "
        "hành chính."
    ),
    (
        "- Đẩy mạnh việc đăng ký thực hiện các công trình, phần việc thanh niên gắn với phát "
        "huy tính năng động, sáng tạo của thanh niên công nhân, phục vụ nhiệm vụ sản xuất "
        "kinh doanh của đơn vị; phát động các đọt cao điểm thi đua hoàn thành vượt mức chỉ "
        "tiêu sản xuất kinh doanh; các phong trào góp phần cải tiến kỹ thuật, tăng năng suất "
        "lao động, tiết giảm chi phí sản xuất, nâng cao chất lượng sản phẩm của đơn vị, "
        "quảng bá, giới thiệu thương hiệu và hình ảnh đơn vị."
    ),
    (
        "- Tổ chức các ngày hội thanh niên công nhân, tuần lễ thanh niên công nhân, tháng "
        "công nhân với nhiều nội dung phong phú, thiết thực cho thanh niên công nhân; vận "
        "động các nguồn lực xã hội tổ chức các hoạt động chăm lo, hỗ trợ, thăm hỏi, tặng quà "
        "cho thanh niên công nhân khó khăn trong các đọt hoạt động nhân dịp Tết Nguyên đán, "
        "Tháng Công nhân, Ngày truyền thống Thanh niên công nhân thành phố..."
    ),
    (
        "- Tổ chức thường xuyên các hoạt động tư vấn pháp luật; tư vấn sức khỏe sinh sản, "
        "dinh dưỡng, cách phòng chống các loại dịch bệnh; các chương trình giao lưu, văn "
        "hóa, văn nghệ tập trung ở các chi đoàn, khu nhà trọ, khu lưu trú..."
    ),
    (
        "- Tổ chức cho đoàn viên thanh niên công nhân gặp gỡ lãnh đạo doanh nghiệp, lãnh đạo "
        "đơn vị để lắng nghe và giải quyết những vấn đề trong thanh niên công nhân tại đơn "
        "vị, tham gia hiến kế, góp phần nâng cao hiệu quả hoạt động sản xuất kinh doanh, "
        "hoạt động Đoàn - Hội tại đơn vị nhằm xây dựng quan hệ lao động hài hòa, ổn định, "
        "tiến bộ trong doanh nghiệp."
    ),
    (
        "3. Mở rộng mặt trận đoàn kết, tập hợp thanh niên công nhân; tăng cường củng cố và "
        "nâng cao chất lượng tổ chức Đoàn, Hội; đầu tư công tác đào tạo, bồi dưỡng, chuẩn "
        "hóa đội ngũ cán bộ Đoàn, Hội tại các đơn vị ngoài nhà nước."
    ),
    (
        "3.1. Cấp Quận: Tổ chức 01 lớp tập huấn cho đội ngũ cán bộ Đoàn, Hội tại các đơn vị "
        "ngoài nhà nước và 01 lớp tập huấn cán bộ Đoàn, Hội 10 phường về công tác xây dựng "
        "tổ chức Đoàn, Hội tại các đơn vị ngoài nhà nước."
    ),
    (
        "- Chủ động đề xuất với cấp ủy đơn vị giới thiệu cán bộ Đoàn, đoàn viên là công nhân "
        "đủ điều kiện tham gia chương trình “Quy hoạch, tạo nguồn cán bộ lãnh đạo, quản lý "
        "doanh nghiệp xuất thân từ công nhân” của Thành ủy."
    ),
    "3.2. Cơ sở Đoàn trực thuộc:",
    (
        "- Tăng cường công tác tuyên truyền việc thực hiện Nghị định 98/2014/NĐ-CP ngày "
        "24/10/2014 của Chính phủ về việc Quy định về việc thành lập các tổ chức chính trị - "
        "xã hội tại doanh nghiệp thuộc mọi thành phần kinh tế đến đoàn viên, thanh niên, chủ "
        "doanh nghiệp."
    ),
    (
        "- Rà soát tình hình tổ chức hoạt động các cơ sở Đoàn, Hội tại các đơn vị ngoài nhà "
        "nước trực thuộc; báo cáo cụ thể, chính xác tình hình hoạt động của các cơ sở Đoàn; "
        "xác lập phương án hỗ trợ, củng cố và đẩy mạnh hoạt động tại các đơn vị trung bình, "
        "yếu."
    ),
    (
        "- Tăng cường đầu tư các giải pháp, đổi mới phương thức trong tổ chức sinh hoạt chi "
        "đoàn định kỳ."
    ),
    (
        "4. Đổi mới và đa dạng hóa phương thức tiếp cận xây dựng lực lượng; hoàn thành chỉ "
        "tiêu thành lập mới 27 chi đoàn, 28 chi hội tại các đơn vị ngoài nhà nước, trong đó, "
        "duy trì và đảm bảo tỉ lệ tổ chức Đoàn trong doanh nghiệp ngoài khu vực nhà nước có "
        "từ 500 lao động trở lên đạt 100%."
    ),
    (
        "4.1 Lộ trình phấn đấu thành lập mới 27 Chi đoàn, 28 Chi hội và phát triển 300 đoàn "
        "viên mới tại các đơn vị ngoài nhà nước:"
    ),
    (
        "- Quý I: Thành lập 08 Chi đoàn, 08 Chi hội và phấn đấu kết nạp 80 đoàn viên mới "
        "(trước Tháng 03/2024) trong đó:"
    ),
    (
        "+ Cấp Quận: thành lập 01 Chi đoàn, 01 Chi hội, kết nạp 10 đoàn viên mới. Dự kiến "
        "tiếp xúc, thành lập các doanh nghiệp có từ 100 lao động đến 500 lao động ngoài khu "
        "vực nhà nước."
    ),
    "+ Cấp Phường: phấn đấu 07 Chi đoàn, 07 Chi hội và kết nạp 70 đoàn viên mới.",
    (
        "- Quý II: Thành lập 15 Chi đoàn, 15 Chi hội và phấn đấu kết nạp 180 đoàn viên mới "
        "(trước Tháng 06/2024) trong đó:"
    ),
    (
        "+ Cấp Quận: Thành lập 06 Chi Đoàn, 06 Chi Hội, kết nạp 80 đoàn viên mới. Dự kiến "
        "tiếp xúc, thành lập các doanh nghiệp ngoài khu vực nhà nước trên 500 lao động trở "
        "lên; Các doanh nghiệp có từ 100 lao động đến dưới 500 lao động."
    ),
    "+ Cấp Phường: phấn đấu 09 Chi đoàn, 09 Chi hội và kết nạp 100 đoàn viên mới.",
    (
        "- Quý III: Thành lập 04 Chi đoàn, 05 Chi hội và phấn đấu kết nạp 40 đoàn viên mới "
        "(trước Tháng 9/2024) trong đó:"
    ),
    "+ Cấp Phường: thành lập 04 Chi đoàn, 05 Chi hội và kết nạp 40 đoàn viên mới.",
    "4.2. Cấp Quận:",
    (
        "- Phân đầu 100% các đơn vị kinh tế tư nhân có trên 500 lao động có tổ chức Đoàn "
        "Thanh niên; trên 35% đơn vị kinh tế tư nhân đủ điều kiện thành lập được tổ chức "
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh và Hội Liên hiệp Thanh niên Việt Nam."
    ),
    (
        "- Rà soát, tiếp xúc, vận động thành lập các tổ chức Đoàn trong các doanh nghiệp có "
        "từ 300 lao động trở lên. Phát huy vai trò của tổ chức Đoàn trong quá trình tiếp cận "
        "các doanh nghiệp ngoài nhà nước, tham gia có hiệu quả cùng Đảng ủy khối doanh "
        "nghiệp trên địa bàn hỗ trợ hoạt động và đề xuất các giải pháp tiếp cận, xây dựng "
        "lực lượng ở những đơn vị đã có tổ chức Đảng nhưng chưa có tổ chức Đoàn."
    ),
    (
        "- Nắm bắt thanh niên công nhân đang làm việc trong từng doanh nghiệp để tuyên "
        "truyền vận động, bồi dưỡng kết nạp đoàn viên và thành lập mô hình tổ chức hoạt "
        "động, tập hợp đoàn viên tại khu nhà trọ hoặc liên khu nhà trọ cùng làm việc ở một "
        "doanh nghiệp để tiến tới thành lập tổ chức Đoàn trong các doanh nghiệp."
    ),
    (
        "- Tham gia cùng các tổ công tác của Quận thực hiện vận động chủ doanh nghiệp đồng "
        "thuận thành lập tổ chức Đoàn thanh niên và phát triển đảng viên, đoàn viên tại "
        "doanh nghiệp."
    ),
    (
        "- Thường xuyên nắm tình hình hoạt động của doanh nghiệp, kịp thời tháo gỡ những khó "
        "khăn, vướng mắc của doanh nghiệp."
    ),
    (
        "- Định kỳ báo cáo kết quả thực hiện nhiệm vụ vận động thành lập tổ chức Đoàn thanh "
        "niên và phát triển đảng viên, đoàn viên trong các doanh nghiệp đã phân công tại "
        "cuộc họp giao ban định kỳ hàng tháng."
    ),
    "4.3. Cơ sở Đoàn trực thuộc:",
    (
        "- Tập trung các giải pháp đẩy mạnh tổ chức các hoạt động và xây dựng các tổ chức "
        "Đoàn trong các doanh nghiệp có từ 10 đến 300 lao động đã có tổ chức Đảng, Công "
        "đoàn."
    ),
    (
        "- Phát huy vai trò của tổ chức Đoàn trong quá trình tiếp cận các doanh nghiệp ngoài "
        "khu vực nhà nước; tham gia có hiệu quả cùng Cấp ủy khối doanh nghiệp trên địa bàn "
        "hướng dẫn, hỗ trợ hoạt động và đề xuất các giải pháp tiếp cận, xây dựng lực lượng ở "
        "những đơn vị đã có tổ chức Đảng nhưng chưa có tổ chức Đoàn."
    ),
    (
        "- Tăng cường khảo sát, vận động thành lập tổ chức Đoàn - Hội tại các đơn vị ngoài "
        "nhà nước. Đối với các đơn vị ngoài nhà nước gặp khó khăn trong việc vận động thành "
        "lập các tổ chức Đoàn - Hội, các cơ sở Đoàn chủ động bồi dưỡng kết nạp đoàn viên và "
        "tập hợp đoàn viên tại khu nhà trọ hoặc liên khu nhà trọ cùng làm việc ở một doanh "
        "nghiệp để tiến tới thành lập tổ chức Đoàn trong các doanh nghiệp khi đủ điều kiện."
    ),
    (
        "- Đoàn cơ sở 10 phường: Trong năm, mỗi Đoàn cơ sở thành lập ít nhất 02 Chi đoàn, 02 "
        "Chi hội và kết nạp ít nhất 10 đoàn viên mới tại các đơn vị ngoài nhà nước."
    ),
    (
        "- Thành lập các câu lạc bộ, đội nhóm theo sở thích, ngành nghề, chuyên môn nhằm thu "
        "hút thanh niên công nhân tham gia, từ đó tạo tiền đề cho việc thành lập cơ sở Đoàn "
        "- Hội tại các đơn vị ngoài nhà nước."
    ),
)

ORGANISATION_000 = (
    "1. Thành lập Ban Tổ chức:",
    "Nhiệm vụ:",
    "- Tham mưu cho Ban Thường vụ Quận Đoàn triển khai thực hiện các nội dung trong kế hoạch.",
    "- Tổ chức tiếp xúc với các đơn vị.",
    "- Rà soát hệ thống chỉ tiêu đảm bảo thành lập Đạt và vượt.",
)

LEGAL_BASES_000 = (
    # number, issued on, issuer, about
    (
        "269-KH/QU",
        date(2024, 3, 15),
        "Ban Thường vụ Quận ủy",
        (
            "về việc xây dựng, củng cố tổ chức đảng, tổ chức chính trị - xã hội trong các đơn "
            "vị kinh tế tư nhân năm 2024"
        ),
    ),
    (
        "",
        None,
        "Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh quận Bình Tân",
        "Nghị quyết Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh quận Bình Tân nhiệm kỳ 2022 - 2027",
    ),
)

COMMITTEE_000 = (
    # name, position, role
    ("Huỳnh Văn Phẩm", "Phó Bí thư Quận Đoàn", "Trưởng ban"),
    ("Ngô Hoàng Định", "UV.BTV, Phó Chủ tịch Hội LHTN Việt Nam Quận", "Thành viên"),
    (
        "Nguyễn Hoàng Anh Vy",
        "UV.BTV, phụ trách Tuyên giáo - Đối ngoại Quận Đoàn",
        "Thành viên",
    ),
    ("Nguyễn Thị Kim Ngân", "UV.BTV, Phó Chủ tịch Hội đồng đội Quận", "Thành viên"),
    ("Trần Thị Ngọc Huyền", "UV.BCH, Chánh Văn phòng Quận Đoàn", "Thành viên"),
    (
        "Đoàn Thị Huyền",
        "UV.BCH, phụ trách mảng Mặt trận - ANQP - ĐBDC Quận Đoàn",
        "Thành viên",
    ),
    (
        "Huỳnh Nhật Khương",
        "Chuyên viên phụ trách mảng Tổ chức - Kiểm tra Quận Đoàn",
        "Thành viên",
    ),
    ("Lê Khánh An", "Nhân viên Quận Đoàn", "Thành viên"),
    ("Các đồng chí Bí thư Đoàn cơ sở 10 phường", "", "Thành viên"),
)

ASSIGNMENTS_000 = (
    # owner, task, deadline
    (DISTRICT, "Xây dựng kế hoạch.", None),
    (
        DISTRICT,
        (
            "Triển khai các nội dung kế hoạch đến tất cả các cơ sở Đoàn trực thuộc, đồng thời "
            "chỉ đạo các cơ sở Đoàn xây dựng nội dung thực hiện với các giải pháp và chỉ tiêu "
            "thực hiện cụ thể."
        ),
        None,
    ),
    (DISTRICT, "Định hướng nội dung thực hiện hàng tháng, Quý.", None),
    (DISTRICT, "Rà soát, nhắc nhở, đôn đốc trong triển khai thực hiện.", None),
    (DISTRICT, "Định kỳ kiểm tra đối với các đơn vị chưa đảm bảo.", None),
    (
        WARDS,
        (
            "Xây dựng Kế hoạch tổ chức các hoạt động gửi văn bản về Ban công nhân lao động Quận "
            "Đoàn trước 16g00, ngày 15/04/2024 (thứ Hai)."
        ),
        date(2024, 4, 15),
    ),
    (
        WARDS,
        (
            "Mỗi cơ sở Đoàn phường đảm bảo thành lập ít nhất 02 Chi đoàn, 03 Chi hội ngoài nhà "
            "và hoàn tất trước Quý III/2024."
        ),
        None,
    ),
    (
        WARDS,
        (
            "Tăng cường nắm bắt thông tin dư luận trong thanh niên công nhân tại đơn vị kịp thời "
            "báo cáo cấp ủy, lãnh đạo đơn vị."
        ),
        None,
    ),
    (WARDS, "Vận động các nguồn lực xã hội chăm lo cho các đối tượng khó khăn (nếu có).", None),
    (
        WARDS,
        (
            "Báo cáo kết quả thực hiện về Ban Thường vụ Quận Đoàn định kỳ trước ngày 10 hàng "
            "tháng và thông tin trong giao ban hàng tuần (thông qua mạng CNLD Quận Đoàn)."
        ),
        None,
    ),
)

MILESTONES_000 = (
    # on, at, month only, step
    (date(2024, 4, 1), None, True, "Xây dựng kế hoạch và trình Ban Thường vụ Quận Đoàn góp ý."),
    (date(2024, 4, 2), None, False, "Triển khai kế hoạch và tổ chức thực hiện."),
    # III.2.2 gives the hour: "trước 16g00, ngày 15/04/2024".
    (
        date(2024, 4, 15),
        time(16, 0),
        False,
        "Cơ sở Đoàn xây dựng kế hoạch, gửi về Ban Thường vụ Quận Đoàn.",
    ),
    (date(2024, 10, 1), None, True, "Đánh giá rút kinh nghiệm."),
)

RECIPIENTS_000 = (
    "Thành Đoàn: VP, TT, Ban CNLD",
    "Quận ủy: VP, TT, BDV, Tổ công tác NNN",
    "Ban Thường vụ Quận Đoàn",
    "Cấp ủy 10 phường",
    "Đoàn cơ sở 10 phường",
    "Cấp ủy - BGĐ các đơn vị",
    "Cơ sở Đoàn khu vực CNLD",
    "Lưu: VP, BCNLD. (D/2024/BCNLD/KH)",
)

# II.4.1: per quarter, (in total, cấp Quận, cấp Phường); Quý III names no district figure.
ROADMAP_000 = {
    "new-chi-doan": ((8, 1, 7), (15, 6, 9), (4, None, 4)),
    "new-chi-hoi": ((8, 1, 7), (15, 6, 9), (5, None, 5)),
    "new-doan-vien": ((80, 10, 70), (180, 80, 100), (40, None, 40)),
}
YEAR_TARGETS_000 = (
    # metric, level, value, where in the plan
    ("new-chi-doan", TOTAL, 27, "Mục II.4"),
    ("new-chi-hoi", TOTAL, 28, "Mục II.4"),
    ("new-doan-vien", TOTAL, 300, "Mục II.4.1"),
    ("coverage-doan-500", TOTAL, 100, "Mục II.4.2"),
    ("coverage-doan-hoi-eligible", TOTAL, 35, "Mục II.4.2"),
    ("health-check-programmes", OWN, 2, "Mục II.2.1"),
    ("worker-markets", OWN, 2, "Mục II.2.1"),
    # One class for non-state units' cadres, one for the 10 wards' cadres.
    ("training-classes", OWN, 2, "Mục II.3.1"),
)
ALLOCATIONS_000 = (
    # where in the plan, period, the plan's words, each ward's numbers
    (
        "Mục II.4.3",
        Period.year(2024),
        (
            "Trong năm, mỗi Đoàn cơ sở thành lập ít nhất 02 Chi đoàn, 02 Chi hội và kết nạp ít "
            "nhất 10 đoàn viên mới tại các đơn vị ngoài nhà nước."
        ),
        {"new-chi-doan": 2, "new-chi-hoi": 2, "new-doan-vien": 10},
    ),
    (
        # "trước Quý III/2024": the plan writes "trước" for a quarter's own deadline
        # (Quý I "trước Tháng 03/2024"), so: done by the end of Quý III.
        "Mục III.2.2",
        Period.quarter(2024, 3),
        (
            "Mỗi cơ sở Đoàn phường đảm bảo thành lập ít nhất 02 Chi đoàn, 03 Chi hội ngoài nhà "
            "và hoàn tất trước Quý III/2024."
        ),
        {"new-chi-doan": 2, "new-chi-hoi": 3},
    ),
)


# Seed 003: Ban tổ chức Đề án, Thành phố Thủ Dầu Một, 2018.

BINH_DUONG = "Tỉnh Đoàn Bình Dương"
THU_DAU_MOT = "Thành Đoàn Thủ Dầu Một"
WARDS_OF_THU_DAU_MOT_2018 = (
    "Phú Cường",
    "Hiệp Thành",
    "Chánh Nghĩa",
    "Phú Thọ",
    "Phú Hòa",
    "Phú Lợi",
    "Hiệp An",
    "Định Hòa",
    "Tân An",
    "Tương Bình Hiệp",
    "Chánh Mỹ",
    "Phú Mỹ",
    "Hòa Phú",
    "Phú Tân",
)
TITLE_003 = (
    "Triển khai thực hiện Đề án “Đoàn kết, tập hợp Thanh niên công nhân Bình Dương giai đoạn "
    "2016 - 2020” trên địa bàn Thành phố Thủ Dầu Một năm 2018"
)
CITY_COMMITTEE = "Ban tổ chức Đề án Thành phố"
MEMBER_BODIES = "Các ngành, đoàn thể thành viên"
WARD_COMMITTEES = "Ban tổ chức Đề án phường"

PURPOSES_003 = (
    (
        "- Tiếp tục hỗ trợ, duy trì phát triển và nâng cao chất lượng sinh hoạt cho 295 chi "
        "đoàn, chi hội nhà trọ và chi hội trong doanh nghiệp ngoài nhà nước."
    ),
    (
        "- Tổ chức 01 tập huấn về kỹ năng sinh hoạt, kiến thức tổ chức, duy trì sinh hoạt "
        "Chi đoàn, Chi hội; cách thức tiếp cận TNCN, chủ nhà trọ, chủ doanh nghiệp trong quá "
        "trình khảo sát, tiếp cận vận động thành lập Chi đoàn, Chi hội cho 100% cán bộ Đề "
        "án, LLNC, Chi hội trưởng, Bí thư chi đoàn…."
    ),
    (
        "- Bồi dưỡng ít nhất 02 đoàn viên Thanh niên công nhân ưu tú, cán bộ nòng cốt để "
        "được giới thiệu sang Đảng."
    ),
    (
        "- Xây dựng, củng cố 18 lực lượng nòng cốt của Đề án; thành lập mới 12 chi hội TNCN, "
        "nữ thanh niên công nhân nhà trọ, 02 chi đoàn, chi hội ngoài doanh nghiệp Nhà nước "
        "và 01 chi đoàn TNXQ. Phát triển mới 850 hội viên mới, phát triển đoàn cho hơn 195 "
        "anh chị hội viên Thanh niên công nhân. Cụ thể:"
    ),
)

CONTENT_003 = (
    (
        "1. Hỗ trợ, duy trì và phát triển các chi đoàn, chi hội, câu lạc bộ trong các khu "
        "nhà trọ, trong các doanh nghiệp:"
    ),
    (
        "- Trên cơ sở các Chi đoàn, Chi hội, điểm sinh hoạt đoàn viên xa quê, hiện có, BTC "
        "Đề án các phường tiếp tục hỗ trợ duy trì và phát triển theo nội dung của Đề án. "
        "Công tác phát triển Chi đoàn, Chi hội, Đoàn viên và Hội viên theo chỉ tiêu phân bổ "
        "cấp thành phố đảm bảo kể cả về số lượng và chất lượng hoạt động."
    ),
    (
        "- Xây dựng mô hình sinh hoạt Chi đoàn, Chi hội hiệu quả; mô hình nhà trọ kiểu mẫu "
        "nhằm tạo được nhiều sân chơi, thời gian giải trí cho Đoàn viên, Hội viên, thanh "
        "niên công nhân sau giờ làm. Đẩy mạnh việc nghiên cứu, nhân rộng các mô hình sinh "
        "hoạt phù hợp, mang lại nhiều hiệu quả thiết thực trong công tác đoàn kết, tập hợp "
        "thanh niên công nhân."
    ),
    (
        "- Có sự phân công thành viên BCĐ phụ trách các mảng công tác và phụ trách các chi "
        "đoàn, chi hội tại địa phương. Định kỳ đôn đốc việc tổ chức sinh hoạt, các hoạt động "
        "phù hợp tại các chi đoàn, chi hội được phân công phụ trách."
    ),
    (
        "- Duy trì việc phát hành báo Bình Dương hàng tuần và tài liệu hướng dẫn sinh hoạt "
        "định kỳ hàng tháng."
    ),
    (
        "2. Công tác xây dựng, phát triển đoàn viên, lực lượng nòng cốt và phát triển Đảng "
        "viên trong TNCN, TNCN xa quê."
    ),
    (
        "- Tổ chức 02 đợt khảo sát để rà soát, thống kê số lượng, tình hình các khu nhà trọ, "
        "công nhân địa phương, công nhân xa quê, doanh nghiệp trên địa bàn thành phố vào đầu "
        "tháng 06 và tháng 11/2018."
    ),
    (
        "- Tăng cường tổ chức các chương trình, hoạt động tại các chi đoàn, chi hội TNCN; "
        "phát huy vai trò và sự sáng tạo của lực lượng nòng cốt và các đồng chí là Ban chấp "
        "hành chi đoàn, Ban điều hành chi hội, Đoàn viên ưu tú, hội viên tiêu biểu."
    ),
    (
        "- Trong quá trình tổ chức sinh hoạt Chi đoàn, Chi hội cần chú trọng công tác phát "
        "triển lực lượng nòng cốt, lực lượng tuyên truyền viên nhằm đẩy mạnh công tác tuyên "
        "truyền sâu rộng nội dung của Đề án đến thanh niên công nhân."
    ),
    (
        "- Chú trọng công tác phát triển đoàn viên mới, đặc biệt là từ nguồn hội viên thanh "
        "niên ưu tú của các Chi đoàn, Chi hội TNCN, đồng thời thực hiện tốt việc tiếp nhận "
        "đoàn viên thanh niên từ ngoài tỉnh về sinh hoạt tại các điểm sinh hoạt đoàn viên xa "
        "quê, chi đoàn TNCN; làm tốt quy trình giới thiệu đoàn viên ưu tú tham gia các lớp "
        "cảm tình Đảng và phấn đấu có phát triển đảng viên từ thanh niên công nhân."
    ),
    (
        "- Tổ chức các buổi gặp mặt, giao lưu Bí thư Chi đoàn, Chi hội trưởng, Chi hội phó "
        "thanh niên, nhằm trao đổi học hỏi kinh nghiệm trong quá trình điều hành quản lý Chi "
        "đoàn, Chi hội."
    ),
    (
        "3. Công tác tuyên truyền giáo dục, chăm lo nhu cầu lợi ích chính đáng cho thanh "
        "niên công nhân."
    ),
    (
        "- Tiếp tục xây dựng và duy trì được các điểm sinh hoạt vui chơi cuối tuần cho thanh "
        "niên công nhân các khu nhà trọ; tăng cường tổ chức các hoạt động văn hóa văn nghệ, "
        "thể dục thể thao nhằm đáp ứng nhu cầu của thanh niên công nhân."
    ),
    (
        "- BTC Đề án phường thường xuyên thường xuyên nắm bắt tình hình tư tưởng TNCN, đồng "
        "thời động viên, tư vấn hỗ trợ thắc mắc cho thanh niên công nhân. Bên cạnh đó, cần "
        "chú trọng rà soát, nắm bắt kịp thời thông tin các trường hợp thanh niên công nhân, "
        "gia đình TNCN có hoàn cảnh đặc biệt khó khăn, bị tai nạn lao động để kịp thời động "
        "viên, hỗ trợ."
    ),
    (
        "- Xây dựng kế hoạch huy động các nguồn lực xã hội trên địa bàn để thực hiện Đề án "
        "như: vận động các chủ nhà trọ đăng ký xây dựng Khu nhà trọ văn hóa kiểu mẫu Thanh "
        "niên; hỗ trợ sách, báo, tạp chí, tài liệu... nhằm trang bị, trao tặng cho các Chi "
        "đoàn, Chi hội phát huy phong trào văn hóa đọc trong TNCN; sử dụng hiệu quả các "
        "thiết chế văn hóa có sẵn tại địa bàn hỗ trợ cho các hoạt động của TNCN; duy trì và "
        "mở các lớp học tình thương trên địa bàn thành phố nhằm có điểm sinh hoạt học tập "
        "cho con em thanh niên công nhân không có điều kiện đến trường..."
    ),
    (
        "- Thực hiện nhân rộng các mô hình: Thanh niên công nhân treo ảnh Bác; trang bị tủ "
        "thuốc, tủ sách cho chi đoàn, chi hội; thành lập các điểm sinh hoạt cho đoàn viên xa "
        "quê..."
    ),
    (
        "- Tăng cường công tác tuyên truyền về những chủ trương, chính sách của Đảng, pháp "
        "luật của Nhà nước....., góp phần nâng cao ý thức chấp hành pháp luật, xây dựng nếp "
        "sống văn hóa,văn minh đô thị, thấy được vai trò, trách nhiệm của cá nhân TNCN trong "
        "việc góp phần xây dựng đô thị thành phố Thủ Dầu Một...."
    ),
    (
        "- Vận động thanh niên, hội viên nhà trọ tham gia các hoạt động tình nguyện tại chỗ. "
        "Tăng cường tổ chức các chương trình giao lưu, kết nghĩa giữa các Chi đoàn, Chi hội "
        "nhà trọ và Chi đoàn, Chi hội thanh niên địa phương thông qua các hoạt động văn hoá, "
        "thể thao, hoạt động xã hội thiết thực nhằm tạo nhiều sân chơi cho thanh niên."
    ),
    (
        "4. Tổ chức các hoạt động phát huy vai trò xung kích của thanh niên vì lợi ích thiết "
        "thực cho doanh nghiệp và cộng đồng thông qua các tổ chức Đoàn, Hội của thanh niên "
        "và Hội LHPN."
    ),
    (
        "- Tăng cường việc kết nối giữa BCĐ Đề án địa phương với các doanh nghiệp trong việc "
        "vận động thành lập các chi đoàn, chi hội. Tổ chức các hoạt động sự kiện, hoạt động "
        "xã hội nhằm góp phần quảng bá và xây dựng thương hiệu cho doanh nghiệp mà TNCN đang "
        "làm việc."
    ),
    (
        "- Tuyên truyền, vận động thanh niên thực hiện tốt nội quy của đơn vị, nhất là về an "
        "toàn, vệ sinh lao động; đảm bảo quy trình sản xuất, kinh doanh dịch vụ; xây dựng "
        "thái độ làm việc tích cực và tác phong công nghiệp."
    ),
    (
        "- Phát động thực hiện phong trào “4 nhất” trong TNCN nhằm phát huy hết năng lực, "
        "vai trò của TNCN và lợi ích, hiệu quả của doanh nghiệp."
    ),
    (
        "- Xây dựng các mô hình “Tổ tự quản khu nhà trọ”, “Đội TNCN xung kích”; các hoạt "
        "động tham gia bảo vệ môi trường, giữ gìn trật tự an toàn giao thông trong doanh "
        "nghiệp, khu nhà trọ, tham gia hiến máu nhân tình nguyện… Bên cạnh đó, đẩy mạnh việc "
        "giới thiệu, đề nghị tuyên dương khen thưởng các cá nhân, tập thể là TNCN làm tốt "
        "trong công tác đoàn kết, tập hợp TNCN."
    ),
)

ASSIGNMENTS_003 = (
    # owner, task, deadline
    (
        CITY_COMMITTEE,
        (
            "Xây dựng và triển khai kế hoạch thực hiện Đề án năm 2018; Kế hoạch tổ chức khảo "
            "sát, rà soát số liệu thanh niên công nhân trên địa bàn thành phố; thực hiện việc "
            "quản lý, sử dụng nguồn kinh phí Đề án theo đúng quy định."
        ),
        None,
    ),
    (
        CITY_COMMITTEE,
        (
            "Tổ chức giao ban, hội ý Ban tổ chức Đề án theo định kỳ, nhằm trao đổi đánh giá và "
            "có những giải pháp trong quá trình thực hiện Đề án trong năm 2018."
        ),
        None,
    ),
    (
        CITY_COMMITTEE,
        (
            "Tổng hợp kết quả việc thực hiện Đề án hàng tháng và báo cáo tổ Thư ký Đề án cấp "
            "Tỉnh. Làm tốt việc quản lý công tác tổ chức số liệu của Đề án."
        ),
        None,
    ),
    (
        CITY_COMMITTEE,
        (
            "Theo dõi, kiểm tra đôn đốc việc triển khai thực hiện các nội dung Đề án cũng như "
            "chỉ tiêu năm 2018 đúng thời gian quy định."
        ),
        None,
    ),
    (
        CITY_COMMITTEE,
        (
            "Thành lập đoàn kiểm tra việc thực hiện các nội dung của Đề án theo 02 đợt (06 tháng "
            "đầu năm và kiểm tra cuối năm nhằm đánh giá được kết quả thực hiện Đè án).Từ đó kịp "
            "thời đưa hướng dẫn, giải quyết những nội dung còn vướn mắc, phát sinh trong quá "
            "trình thực hiện các nội dung Đề án) ...."
        ),
        None,
    ),
    (
        CITY_COMMITTEE,
        (
            "Kịp thời giới thiệu, tuyên dương, khen thưởng những cá nhân, tập thể có thành tích "
            "xuất sắc trong công tác triển khai thực hiện Đề án."
        ),
        None,
    ),
    (
        CITY_COMMITTEE,
        (
            "Tổ chức tốt các lớp tập huấn nhằm nâng cao chất lượng đội ngũ cán bộ Đề án, lực "
            "lượng nồng cốt, lực lượng tuyên truyền viên hoàn thiện kỹ năng tổ chức sinh hoạt, "
            "đoàn kết tập hợp TNCN."
        ),
        None,
    ),
    (
        MEMBER_BODIES,
        (
            "chủ động trong việc phối hợp cùng Đoàn thanh niên và Hội LHPN Thành phố tổ chức các "
            "hoạt động chăm lo đời sống tinh thần và vật chất cho Thanh niên công nhân phù hợp "
            "với chương trình, lĩnh vực công tác của đơn vị."
        ),
        None,
    ),
    (
        WARD_COMMITTEES,
        (
            "Cụ thể hóa việc triển khai thực hiện Đề án tại địa phương, bám sát chương trình "
            "công tác năm và bộ tiêu chí thi đua của Thành phố."
        ),
        None,
    ),
    (
        WARD_COMMITTEES,
        (
            "Đảm bảo thực hiện nội dung khảo sát hàng năm nhằm đánh giá nguồn phát triển từ đó "
            "đưa ra các giải pháp thiết thực hoàn thành các chỉ tiêu phát triển Chi đoàn, Chi "
            "hội; phát triển Đảng viên, Đoàn viên, Hội viên theo Đề án trong năm 2018."
        ),
        None,
    ),
    (
        WARD_COMMITTEES,
        (
            "Sử dụng đúng mục đích, hiệu quả các khoản kinh phí của Đề án và hoàn thành đúng nội "
            "dung, thời hạn về việc thực hiện thanh quyết toán kinh phí theo yêu cầu của tổ thư "
            "ký Đề án Thành phố."
        ),
        None,
    ),
)

MILESTONES_003 = (
    # month (the step takes the whole month), step
    (
        date(2018, 6, 1),
        (
            "Khảo sát đợt 1: rà soát, thống kê số lượng, tình hình các khu nhà trọ, công nhân "
            "địa phương, công nhân xa quê, doanh nghiệp trên địa bàn thành phố"
        ),
    ),
    (
        date(2018, 11, 1),
        (
            "Khảo sát đợt 2: rà soát, thống kê số lượng, tình hình các khu nhà trọ, công nhân "
            "địa phương, công nhân xa quê, doanh nghiệp trên địa bàn thành phố"
        ),
    ),
    (date(2018, 6, 1), "Kiểm tra 06 tháng đầu năm"),
    (date(2018, 12, 1), "Kiểm tra cuối năm"),
)

RECIPIENTS_003 = (
    "Ban Chỉ đạo Đề án Tỉnh",
    "Tổ thư ký Đề án Tỉnh",
    "Trưởng Ban tổ chức Đề án",
    "Thành viên BTC Đề án",
    "Thành đoàn Thủ Dầu Một",
    "Hội LHPN Thành phố",
    "BTC Đề án các phường",
    "Lưu VP Thành đoàn, Tổ Thư ký Đề án Tp.",
)

# Section I also names "02 chi đoàn, chi hội ngoài doanh nghiệp Nhà nước" without saying how
# many of each: they stay in the text, not in the numbers.
YEAR_TARGETS_003 = (
    # metric, value, where in the plan
    ("branches-maintained", 295, "Mục I"),
    ("training-classes", 1, "Mục I"),
    ("party-referrals", 2, "Mục I"),
    ("core-forces", 18, "Mục I"),
    ("new-chi-hoi", 12, "Mục I"),
    ("new-chi-doan", 1, "Mục I"),
    ("new-hoi-vien", 850, "Mục I"),
    ("new-doan-vien", 195, "Mục I"),
    ("surveys", 2, "Mục II.2"),
    ("inspections", 2, "Mục III.1"),
)


def _metrics() -> dict[str, Metric]:
    return {metric.code: metric for metric in Metric.objects.filter(owner_unit__isnull=True)}


def _existing(issuing_unit: Unit, title: str) -> bool:
    return Plan.objects.filter(issuing_unit=issuing_unit, title=normalize(title)).exists()


def _unit(*, parent: Unit | None, kind: str, name: str, slug: str = "") -> Unit:
    existing = Unit.objects.filter(parent=parent, name=name).first()
    if existing:
        return existing
    return unit_services.unit_create(
        parent=parent, kind=UnitKind.objects.get(name=kind), name=name, slug=slug
    )


def _add_parts(
    plan: Plan,
    *,
    legal_bases=(),
    committee=(),
    assignments=(),
    milestones=(),
    recipients=(),
) -> None:
    LegalBasis.objects.bulk_create(
        LegalBasis(
            plan=plan,
            order=order,
            number=number,
            issued_on=on,
            issuer=issuer,
            description=about,
        )
        for order, (number, on, issuer, about) in enumerate(legal_bases, start=1)
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(plan=plan, order=order, name=name, position=position, role=role)
        for order, (name, position, role) in enumerate(committee, start=1)
    )
    Assignment.objects.bulk_create(
        Assignment(plan=plan, order=order, owner=owner, task=task, deadline=deadline)
        for order, (owner, task, deadline) in enumerate(assignments, start=1)
    )
    Milestone.objects.bulk_create(
        Milestone(plan=plan, order=order, on=on, at=at, month_only=month_only, step=step)
        for order, (on, at, month_only, step) in enumerate(milestones, start=1)
    )
    Recipient.objects.bulk_create(
        Recipient(plan=plan, order=order, name=name)
        for order, name in enumerate(recipients, start=1)
    )


def _load_binh_tan_2024() -> None:
    district = Unit.objects.get(name=BINH_TAN)
    if _existing(district, TITLE_000):
        return
    wards = district.children.filter(kind__name="Đoàn phường")
    metrics = _metrics()
    plan = services.plan_create(
        user=None,
        issuing_unit=district,
        number="",
        year=2024,
        place="Bình Tân",
        issued_on=None,
        upper_body="BCH ĐOÀN TP. HỒ CHÍ MINH",
        issuing_body="BCH ĐOÀN QUẬN BÌNH TÂN",
        title=TITLE_000,
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
        purposes=_paragraphs(*PURPOSES_000),
        requirements=_paragraphs(*REQUIREMENTS_000),
        content=_paragraphs(*CONTENT_000),
        organisation=_paragraphs(*ORGANISATION_000),
        signing_on_behalf="TM. BAN THƯỜNG VỤ QUẬN ĐOÀN",
        signer_position="PHÓ BÍ THƯ",
        signer_name="Huỳnh Văn Phẩm",
    )
    cells = [
        TargetCell(
            metric=metrics[code],
            level=level,
            period=Period.quarter(2024, quarter),
            value=Decimal(value),
            source_ref="Mục II.4.1",
        )
        for code, quarters in ROADMAP_000.items()
        for quarter, values in enumerate(quarters, start=1)
        for level, value in zip((TOTAL, OWN, CHILDREN), values, strict=True)
        if value is not None
    ]
    cells += [
        TargetCell(
            metric=metrics[code],
            level=level,
            period=Period.year(2024),
            value=Decimal(value),
            source_ref=source_ref,
        )
        for code, level, value, source_ref in YEAR_TARGETS_000
    ]
    roadmap_save(plan=plan, user=None, cells=cells)
    for source_ref, period, note, per_ward in ALLOCATIONS_000:
        allocation_set_save(
            plan=plan,
            user=None,
            allocation_set=None,
            period=period,
            source_ref=source_ref,
            is_minimum=True,
            note=note,
            values={
                (ward.pk, metrics[code].pk): Decimal(value)
                for ward in wards
                for code, value in per_ward.items()
            },
        )
    _add_parts(
        plan,
        legal_bases=LEGAL_BASES_000,
        committee=COMMITTEE_000,
        assignments=ASSIGNMENTS_000,
        milestones=MILESTONES_000,
        recipients=RECIPIENTS_000,
    )
    services.plan_transition(plan=plan, action="issue", give_number=False)


def _thu_dau_mot_2018_tree() -> Unit:
    province = _unit(parent=None, kind="Tỉnh Đoàn", name=BINH_DUONG, slug="binh-duong")
    city = _unit(parent=province, kind="Thành Đoàn", name=THU_DAU_MOT, slug="thu-dau-mot")
    for ward_name in WARDS_OF_THU_DAU_MOT_2018:
        _unit(
            parent=city,
            kind="Đoàn phường",
            name=f"Đoàn phường {ward_name}",
            slug=vietnamese_slug(ward_name),
        )
    return city


def _load_thu_dau_mot_2018() -> None:
    city = _thu_dau_mot_2018_tree()
    if _existing(city, TITLE_003):
        return
    metrics = _metrics()
    plan = services.plan_create(
        user=None,
        issuing_unit=city,
        number="01/KH-BTC.ĐACN",
        year=2018,
        place="Thủ Dầu Một",
        issued_on=None,
        upper_body="UBND THÀNH PHỐ THỦ DẦU MỘT",
        issuing_body="BAN TỔ CHỨC ĐỀ ÁN ĐOÀN KẾT TẬP HỢP TNCN",
        title=TITLE_003,
        starts_on=date(2018, 1, 1),
        ends_on=date(2018, 12, 31),
        purposes=_paragraphs(*PURPOSES_003),
        content=_paragraphs(*CONTENT_003),
    )
    roadmap_save(
        plan=plan,
        user=None,
        cells=[
            TargetCell(
                metric=metrics[code],
                level=TOTAL,
                period=Period.year(2018),
                value=Decimal(value),
                source_ref=source_ref,
            )
            for code, value, source_ref in YEAR_TARGETS_003
        ],
    )
    _add_parts(
        plan,
        legal_bases=[
            (
                "1431/QĐ-UBND",
                date(2016, 6, 1),
                "Ủy ban nhân dân tỉnh Bình Dương",
                (
                    "về việc phê duyệt Đề án “Đoàn kết, tập hợp thanh niên công nhân” tỉnh Bình "
                    "Dương giai đoạn 2016 – 2020"
                ),
            )
        ],
        assignments=ASSIGNMENTS_003,
        milestones=[(on, None, True, step) for on, step in MILESTONES_003],
        recipients=RECIPIENTS_003,
    )
    services.plan_transition(plan=plan, action="issue", give_number=False)


# Thành Đoàn TP. Hồ Chí Minh, 2026: not one of the seeds, but seed 000's mission one level
# up, over the city's 168 wards, communes and special zone of 01/07/2025. Its numbers are
# what a city office would write: a share for every ward (minimums for the year, by the
# kind of ward), and a quarterly roadmap for the wards together that adds up to them.

CITY = "Thành Đoàn TP. Hồ Chí Minh"
TITLE_2026 = (
    "Xây dựng tổ chức Đoàn, Hội trong các doanh nghiệp ngoài khu vực nhà nước trên địa bàn "
    "Thành phố năm 2026"
)
PURPOSES_2026 = (
    (
        "- Tiếp tục thực hiện Nghị quyết số 03-NQ/TWĐTN-BTC ngày 05/3/2014 của Ban Chấp hành "
        "Trung ương Đoàn về phát triển tổ chức Đoàn, Hội trong các doanh nghiệp ngoài nhà "
        "nước, phù hợp với tổ chức bộ máy chính quyền địa phương hai cấp từ ngày 01/7/2025."
    ),
    (
        "- Mỗi Đoàn phường, xã, đặc khu nắm chắc các doanh nghiệp ngoài nhà nước trên địa bàn, "
        "thành lập mới chi đoàn, chi hội và kết nạp đoàn viên mới trong thanh niên công nhân."
    ),
)
REQUIREMENTS_2026 = (
    "- Báo cáo kết quả định kỳ trước 16g00 ngày 10 hàng tháng qua phần mềm Lộ trình.",
    "- Số liệu báo cáo chính xác, có danh sách chi đoàn, chi hội thành lập mới kèm theo.",
)
CONTENT_2026 = (
    "1. Cấp Thành:",
    (
        "- Hướng dẫn, theo dõi tiến độ thực hiện chỉ tiêu của 168 Đoàn phường, xã, đặc khu; "
        "định kỳ hằng quý đánh giá, nhắc nhở các đơn vị chậm tiến độ."
    ),
    "2. Đoàn phường, xã, đặc khu:",
    (
        "- Trong năm, mỗi Đoàn phường thành lập ít nhất 02 chi đoàn, 02 chi hội và kết nạp ít "
        "nhất 20 đoàn viên mới; mỗi Đoàn xã, Đoàn đặc khu thành lập ít nhất 01 chi đoàn, 01 chi "
        "hội và kết nạp ít nhất 15 (đặc khu: 10) đoàn viên mới tại các đơn vị ngoài nhà nước."
    ),
)
LEGAL_BASES_2026 = (
    (
        "03-NQ/TWĐTN-BTC",
        date(2014, 3, 5),
        "Ban Chấp hành Trung ương Đoàn",
        "về phát triển tổ chức Đoàn, Hội trong các doanh nghiệp ngoài nhà nước",
    ),
)
MILESTONES_2026 = (
    # on, at, month only, step
    (date(2026, 1, 20), None, False, "Ban hành kế hoạch, giao chỉ tiêu cho từng cơ sở."),
    (date(2026, 7, 1), None, True, "Sơ kết 6 tháng đầu năm."),
    (date(2026, 12, 1), None, True, "Tổng kết, đánh giá kết quả thực hiện năm 2026."),
)
RECIPIENTS_2026 = (
    "Ban Tổ chức Trung ương Đoàn",
    "Ban Thường vụ Thành Đoàn",
    "Đoàn phường, xã, đặc khu",
    "Lưu: VP, BTC.",
)
# Each base union's share for the year (Mục 2), by its kind.
SHARES_2026 = {
    "Đoàn phường": {"new-chi-doan": 2, "new-chi-hoi": 2, "new-doan-vien": 20},
    "Đoàn xã": {"new-chi-doan": 1, "new-chi-hoi": 1, "new-doan-vien": 15},
    "Đoàn đặc khu": {"new-chi-doan": 1, "new-chi-hoi": 1, "new-doan-vien": 10},
}
SHARES_2026_NOTE = (
    "Mỗi Đoàn phường ít nhất 02 chi đoàn, 02 chi hội, 20 đoàn viên mới; mỗi Đoàn xã ít nhất "
    "01 chi đoàn, 01 chi hội, 15 đoàn viên mới; Đoàn đặc khu 01 chi đoàn, 01 chi hội, 10 đoàn "
    "viên mới."
)
# How the wards' year is spread over the quarters (the rest falls in Quý IV).
QUARTER_SHARES_2026 = (Decimal("0.2"), Decimal("0.3"), Decimal("0.3"))


def _quarters(total: int) -> list[int]:
    """The wards' year total spread over Quý I–IV, adding up to it exactly."""
    parts = [int(total * share) for share in QUARTER_SHARES_2026]
    return [*parts, total - sum(parts)]


def city_wards(city: Unit) -> list[Unit]:
    """The city's base unions of the official list (those with a ward's code)."""
    return list(
        city.children.exclude(official_code="").select_related("kind").order_by("official_code")
    )


def share_out(plan, wards: list[Unit], *, year: int, metrics: dict, note: str = "") -> None:
    """The roadmap of a plan that gives each base union its share for ``year`` (Mục 2, by
    the union's kind: ``SHARES_2026``): the wards' totals for the year, spread over the
    quarters, and one allocation per ward and metric."""
    values = {
        (ward.pk, metrics[code].pk): Decimal(value)
        for ward in wards
        for code, value in SHARES_2026[ward.kind.name].items()
    }
    cells = []
    for code in ("new-chi-doan", "new-chi-hoi", "new-doan-vien"):
        metric = metrics[code]
        total = int(sum(value for (_unit, m), value in values.items() if m == metric.pk))
        cells += [
            TargetCell(metric, TOTAL, Period.year(year), Decimal(total), source_ref="Mục 2"),
            TargetCell(metric, CHILDREN, Period.year(year), Decimal(total), source_ref="Mục 2"),
        ]
        cells += [
            TargetCell(
                metric, CHILDREN, Period.quarter(year, number), Decimal(value), source_ref="Mục 2"
            )
            for number, value in enumerate(_quarters(total), start=1)
        ]
    roadmap_save(plan=plan, user=None, cells=cells)
    allocation_set_save(
        plan=plan,
        user=None,
        allocation_set=None,
        period=Period.year(year),
        source_ref="Mục 2",
        is_minimum=True,
        note=note,
        values=values,
    )


def _load_city_2026() -> None:
    city = Unit.objects.filter(parent=None, name=CITY).first()
    if city is None or _existing(city, TITLE_2026):
        return
    wards = [ward for ward in city_wards(city) if ward.kind.name in SHARES_2026]
    metrics = _metrics()
    plan = services.plan_create(
        user=None,
        issuing_unit=city,
        number="45-KH/TĐTN-BTC",
        year=2026,
        place="Thành phố Hồ Chí Minh",
        issued_on=date(2026, 1, 20),
        upper_body="",
        issuing_body="BCH ĐOÀN TP. HỒ CHÍ MINH",
        title=TITLE_2026,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        purposes=_paragraphs(*PURPOSES_2026),
        requirements=_paragraphs(*REQUIREMENTS_2026),
        content=_paragraphs(*CONTENT_2026),
        signing_on_behalf="TM. BAN THƯỜNG VỤ THÀNH ĐOÀN",
        signer_position="PHÓ BÍ THƯ",
        signer_name="",
    )
    share_out(plan, wards, year=2026, metrics=metrics, note=SHARES_2026_NOTE)
    _add_parts(
        plan,
        legal_bases=LEGAL_BASES_2026,
        milestones=MILESTONES_2026,
        recipients=RECIPIENTS_2026,
    )
    services.plan_transition(plan=plan, action="issue", give_number=False)


@transaction.atomic
def load() -> dict[str, int]:
    """Creates whichever of the three plans is missing; returns how many rows each table holds."""
    _load_binh_tan_2024()
    _load_thu_dau_mot_2018()
    _load_city_2026()
    from . import demo_001  # seed 001, which reads this module's helpers

    demo_001.load()
    return {
        "plans": Plan.objects.count(),
        "targets": Target.objects.count(),
        "allocations": Allocation.objects.count(),
        "milestones": Milestone.objects.count(),
        "committee_members": CommitteeMember.objects.count(),
        "units": Unit.objects.count(),
    }
