// Questionnaire helpers: one question at a time on a narrow screen, and the support message shown
// the moment an answer raises a flag (PHQ-9 item 9 above 0), whatever else is answered.
const form = document.getElementById("questionnaire");
const items = [...form.querySelectorAll("fieldset.item")];
const flagBox = document.getElementById("flag-support");

function checkFlags() {
  const raised = items.some((item) => {
    if (!("flagAbove" in item.dataset)) return false;
    const chosen = item.querySelector("input:checked");
    return chosen !== null && Number(chosen.value) > Number(item.dataset.flagAbove);
  });
  flagBox.classList.toggle("hidden", !raised);
}
form.addEventListener("change", checkFlags);
checkFlags();

if (window.matchMedia("(max-width: 600px)").matches) {
  let at = 0;
  // Only a tap or click moves on by itself: arrow keys change a radio's answer as they go, so
  // moving on then would answer each question with whatever the first key press landed on.
  let byPointer = false;
  const stepper = form.querySelector(".stepper");
  const submit = document.getElementById("submit-answers");
  const show = (index) => {
    at = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => item.classList.toggle("hidden", i !== at));
    document.getElementById("item-back").disabled = at === 0;
    document.getElementById("item-next").classList.toggle("hidden", at === items.length - 1);
    submit.classList.toggle("hidden", at !== items.length - 1);
    (items[at].querySelector("input:checked") || items[at].querySelector("input"))?.focus();
  };
  stepper.classList.remove("hidden");
  document.getElementById("item-back").addEventListener("click", () => show(at - 1));
  document.getElementById("item-next").addEventListener("click", () => show(at + 1));
  form.addEventListener("pointerdown", () => { byPointer = true; });
  form.addEventListener("keydown", () => { byPointer = false; });
  form.addEventListener("change", (event) => {
    const current = event.target.closest("fieldset.item") === items[at];
    if (byPointer && current && at < items.length - 1) setTimeout(() => show(at + 1), 250);
  });
  // Sent back for missing answers: open at the first question still unanswered.
  const unanswered = items.findIndex((item) => !item.querySelector("input:checked"));
  show(document.getElementById("form-error") && unanswered > 0 ? unanswered : 0);
}
