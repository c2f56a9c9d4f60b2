"""Target size (WCAG 2.5.8): every control on the ranking and the lists is at least 24 by 24 CSS
pixels, or spaced so that a 24-pixel circle on its centre touches no other target nor another small
target's circle. Links inside a sentence are exempt, as the criterion says."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# The criterion's spacing test, in the page: returns the targets that fail it.
TOO_SMALL = """() => {
  const targets = [...document.querySelectorAll(
    "main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary"
  )].filter((element) => {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(element).visibility === "hidden") { return false; }
    if (element.closest(".visually-hidden")) { return false; }
    // Inline: a link within a sentence of other text.
    if (element.tagName === "A") {
      const block = element.closest("p, li, dd, td");
      if (block && block.textContent.trim().length > element.textContent.trim().length + 2
          && getComputedStyle(element).display === "inline") { return false; }
    }
    return true;
  });
  const boxes = targets.map((element) => {
    // A link's target is every box it draws (a wrapped link draws one per line).
    const rects = [...element.getClientRects()];
    return { element, rects, box: element.getBoundingClientRect() };
  });
  const small = (t) => t.box.width < 24 || t.box.height < 24;
  const centre = (t) => [t.box.left + t.box.width / 2, t.box.top + t.box.height / 2];
  const circleHits = (c, rect) => {
    const x = Math.max(rect.left, Math.min(c[0], rect.right));
    const y = Math.max(rect.top, Math.min(c[1], rect.bottom));
    return (x - c[0]) ** 2 + (y - c[1]) ** 2 < 12 ** 2 - 0.01;
  };
  const failing = [];
  for (const t of boxes.filter(small)) {
    const c = centre(t);
    for (const other of boxes) {
      if (other === t || other.element.contains(t.element) || t.element.contains(other.element)) { continue; }
      const hitsBox = other.rects.some((rect) => circleHits(c, rect));
      const hitsCircle = small(other) && Math.hypot(c[0] - centre(other)[0], c[1] - centre(other)[1]) < 24 - 0.01;
      if (hitsBox || hitsCircle) {
        const name = (t.element.textContent || t.element.name || t.element.tagName).trim().slice(0, 40);
        failing.push(`${t.element.tagName.toLowerCase()} "${name}" ${Math.round(t.box.width)}x${Math.round(t.box.height)}`);
        break;
      }
    }
  }
  return failing;
}"""


@pytest.mark.parametrize("width", [1280, 320])
def test_targets_on_the_ranking_and_lists_are_large_enough_or_spaced(page, width):
    from allies import sample_data
    from allies.goals.models import Goal

    sample_data.load_sample_data(include_irs=False)
    goal = Goal.objects.filter(library__slug="sample").first()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "teens@sample.allies.example", sample_data.DEMO_PASSWORD)
    problems = []
    for path in (
        f"/l/sample/goals/{goal.pk}/rank/",
        "/l/sample/",
        "/l/sample/partners/",
        "/l/sample/directory/organizations/",
        "/l/sample/directory/people/",
        "/l/sample/stewardship/reminders/",
        "/l/sample/stewardship/contacts/",
        "/l/sample/goals/",
        "/l/sample/connections/",
    ):
        assert page.goto(path).ok, path
        problems += [f"{path}: {target}" for target in page.evaluate(TOO_SMALL)]
    assert not problems, f"{len(problems)} targets too small:\n" + "\n".join(problems)
