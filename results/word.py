"""A result request's summary as a Word file, from the data of its PDF
(``templates/results/pdf/summary.html``)."""

from django.utils import timezone

from documents.word import WordDocument
from targets.checks import written


def summary_docx(context: dict) -> bytes:
    request, plan, summary = context["result_request"], context["plan"], context["summary"]
    due, issuer = context["due"], plan.issuing_unit.name
    doc = WordDocument(context["header"])
    doc.title("BÁO CÁO", context["subtitle"])
    which = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    doc.text(
        f"Thực hiện {which} “{plan.title}” của {issuer}, các đơn vị báo cáo kết quả trước "
        f"{due:%H}g{due:%M} ngày {due:%d/%m/%Y}. {issuer} tổng hợp kết quả như sau:"
    )
    doc.heading("I. TÌNH HÌNH BÁO CÁO")
    doc.text(f"- Số đơn vị được yêu cầu báo cáo: {summary.asked};")
    doc.text(
        f"- Báo cáo đúng hạn: {summary.on_time} đơn vị; báo cáo trễ hạn: {summary.late} đơn vị;"
    )
    waiting = (
        f"Chưa báo cáo (quá hạn): {summary.missing} đơn vị"
        if summary.missing
        else f"Chưa báo cáo: {summary.waiting} đơn vị"
    )
    doc.text(f"- {waiting}.")
    doc.heading("II. KẾT QUẢ")
    participants = request.asks_participants
    if participants:
        doc.text(f"- Tổng số lượng tham gia: {written(summary.participants, '–')} lượt;")
    for metric, total in context["totals"]:
        doc.text(f"- {metric.name}: {written(total, '–')} {metric.unit_of_measure};")
    headers = ["STT", "Đơn vị", "Gửi lúc", "Tình trạng"]
    headers += ["Số lượng tham gia"] if participants else []
    headers += [metric.name for metric in context["metrics"]]
    rows = []
    for i, row in enumerate(context["rows"], start=1):
        answer = row.answer
        first = answer.first_submitted_at if answer else None
        sent = f"{timezone.localtime(first):%H:%M %d/%m/%Y}" if first else "–"
        cells = [i, row.unit.name, sent, str(row.timeliness.label)]
        if participants:
            cells.append(written(answer.participants, "–") if answer else "–")
        cells += [written(count, "–") for _metric, count in row.counts]
        rows.append(cells)
    took_part = [written(summary.participants, "–")] if participants else []
    totals = ["", "Tổng cộng", "", "", *took_part]
    rows.append(totals + [written(total, "–") for _metric, total in context["totals"]])
    doc.table(headers, rows, numbers={0, *range(4, len(headers))})
    if context["missing"]:
        doc.heading("III. ĐƠN VỊ CHƯA BÁO CÁO")
        doc.text("; ".join(row.unit.name for row in context["missing"]) + ".")
    doc.closing(
        context["recipients"], [plan.signing_on_behalf, plan.signer_position], plan.signer_name
    )
    return doc.content()
