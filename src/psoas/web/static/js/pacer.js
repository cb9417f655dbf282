// The breath pacer: a circle that grows on the in-breath and shrinks on the out-breath.
const SMALL = 0.55;
const LARGE = 1.0;
// With reduced motion the circle neither grows nor jumps between sizes: it stays at this size and
// its words ("Breathe in", "Hold", "Breathe out") carry the breath.
const STILL = 0.8;

export class Pacer {
  constructor(circle, label) {
    this.circle = circle;
    this.label = label;
    this.part = null;
    this.reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // Parts of one breath in order: [name, seconds, target scale].
  static parts(breath) {
    return [
      ["Breathe in", breath.inhale, LARGE],
      ["Hold", breath.hold_in, LARGE],
      ["Breathe out", breath.exhale, SMALL],
      ["Hold", breath.hold_out, SMALL],
    ].filter(([, seconds]) => seconds > 0);
  }

  // Show where in the breath `elapsed` seconds of this step fall; `speed` scales the animation.
  update(breath, elapsed, speed) {
    const parts = Pacer.parts(breath);
    const cycle = parts.reduce((sum, [, s]) => sum + s, 0);
    let t = elapsed % cycle;
    let index = 0;
    while (t >= parts[index][1]) {
      t -= parts[index][1];
      index += 1;
    }
    const [name, seconds, scale] = parts[index];
    const key = `${Math.floor(elapsed / cycle)}:${index}`;
    if (key === this.part) return;
    this.part = key;
    this.circle.textContent = name;
    this.label.textContent = name;
    this.circle.style.transitionDuration = this.reduced ? "0s" : `${(seconds - t) / speed}s`;
    this.circle.style.transform = `scale(${this.reduced ? STILL : scale})`;
  }

  // Start small. Reading the layout makes the browser apply that now: otherwise the first
  // in-breath, set in the same frame, would jump to full size instead of growing.
  reset() {
    this.part = null;
    this.circle.style.transitionDuration = "0s";
    this.circle.style.transform = `scale(${this.reduced ? STILL : SMALL})`;
    void this.circle.offsetWidth;
  }

  // Hold the circle where it is; the next update carries on from there to the part's end.
  pause() {
    const now = getComputedStyle(this.circle).transform;
    this.circle.style.transitionDuration = "0s";
    this.circle.style.transform = now === "none" ? `scale(${SMALL})` : now;
    this.part = null;
  }
}
