"""A plan as a Word file, from the data of its PDF (``templates/plans/pdf/plan.html``):
header, title, legal bases, purposes and requirements, content, activities by level, the
roadmap and allocations as Word tables, the organisation, recipients and signature."""

from documents.header import Header
from documents.word import WordDocument
from targets.checks import written


def plan_docx(*, plan, page: dict, sections: dict, header: Header) -> bytes:
    doc = WordDocument(header)
    doc.title("KẾ HOẠCH", plan.title)
    bases = page["legal_bases"]
    for i, basis in enumerate(bases):
        doc.text(basis.sentence + ("." if i == len(bases) - 1 else ";"), italic=True)
    if sections.get("purposes"):
        doc.heading(f"{sections['purposes']}. MỤC ĐÍCH, YÊU CẦU")
        doc.text(plan.purposes)
        doc.text(plan.requirements)
    if sections.get("content"):
        doc.heading(f"{sections['content']}. NỘI DUNG")
        doc.text(plan.content)
    for numeral, heading, activities in sections["activities"]:
        doc.heading(f"{numeral}. {heading.upper()}")
        for i, activity in enumerate(activities, start=1):
            doc.heading(f"{i}. {activity.title}")
            doc.text(f"- Thời gian: {activity.when_in_full}")
            if activity.venue:
                doc.text(f"- Địa điểm: {activity.venue}")
            if activity.participants:
                who = f" {activity.participants_who}" if activity.participants_who else ""
                doc.text(f"- Số lượng: {activity.participants}{who}.")
            if activity.owner:
                doc.text(f"- Phân công thực hiện: {activity.owner}.")
            doc.text(activity.notes)
    if sections.get("roadmap"):
        _roadmap(doc, sections["roadmap"], page)
    if sections.get("organisation"):
        _organisation(doc, sections["organisation"], plan, page)
    doc.closing(
        [r.name for r in page["recipients"]],
        [plan.signing_on_behalf, plan.signer_position],
        plan.signer_name,
    )
    return doc.content()


def _roadmap(doc: WordDocument, numeral: str, page: dict) -> None:
    doc.heading(f"{numeral}. LỘ TRÌNH CHỈ TIÊU")
    periods = page["periods"]
    if page["rows"]:
        rows, shown = [], None
        for row in page["rows"]:
            name = (
                "" if row.metric == shown else f"{row.metric.name} ({row.metric.unit_of_measure})"
            )
            shown = row.metric
            cells = [written(cell.value) if cell else "" for cell in row.cells]
            rows.append(
                [name, row.level_label, *cells, "lũy kế" if row.is_cumulative else "trong kỳ"]
            )
        doc.table(
            ["Chỉ tiêu", "Cấp", *(p.short_label for p in periods), "Cách tính"],
            rows,
            numbers=set(range(2, 2 + len(periods))),
        )
    else:
        doc.text("Chưa có chỉ tiêu.")
    for allocation_set, table in page["allocation_tables"]:
        minimum = "tối thiểu " if allocation_set.is_minimum else ""
        doc.text(
            f"{allocation_set.source_ref}: giao chỉ tiêu {minimum}cho từng đơn vị, "
            f"đến hết {allocation_set.period.label}"
        )
        doc.table(
            ["Đơn vị", *(metric.name for metric in table["metrics"])],
            [
                [unit.name, *(written(value) or "–" for value in values)]
                for unit, values in table["rows"]
            ]
            + [["Tổng cộng", *(written(total) for total in table["totals"])]],
            numbers=set(range(1, 1 + len(table["metrics"]))),
        )


def _organisation(doc: WordDocument, numeral: str, plan, page: dict) -> None:
    doc.heading(f"{numeral}. TỔ CHỨC THỰC HIỆN")
    if page["committee"]:
        doc.text("Ban tổ chức:")
        for member in page["committee"]:
            role = f"{member.role}: " if member.role else ""
            position = f" - {member.position}" if member.position else ""
            doc.text(f"- {role}{member.name}{position};")
    if page["assignments"]:
        doc.table(
            ["Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn"],
            [
                [a.task, a.owner, f"{a.deadline:%d/%m/%Y}" if a.deadline else "–"]
                for a in page["assignments"]
            ],
        )
    if page["milestones"]:
        doc.text("Tiến độ thực hiện:")
        for milestone in page["milestones"]:
            doc.text(f"- {milestone.when}: {milestone.step}")
    doc.text(plan.organisation)
