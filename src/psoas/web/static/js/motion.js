// Optional motion capture while the tremor runs and the body rests: the phone's accelerometer,
// a calm live indicator of how much it shakes, and one upload when the session ends. Nothing is
// recorded unless the person turns it on, and only during the tremor and restore phases.
const RECORDED_PHASES = new Set(["tremor", "restore"]);
const LEVELS = [
  [0.05, "still"],
  [0.3, "a gentle tremor"],
  [1.0, "a clear tremor"],
  [Infinity, "a strong tremor"],
];
const WINDOW_SECONDS = 2;

export class MotionCapture {
  constructor(meter, label) {
    this.meter = meter;
    this.label = label;
    this.enabled = false;
    this.recording = false;
    this.rows = [];
    this.clock = 0;
    this.startedAt = null;
    this.recent = [];
    this.onMotion = this.onMotion.bind(this);
  }

  static available() {
    return typeof window.DeviceMotionEvent !== "undefined";
  }

  // iOS asks the person through its own prompt; other browsers need no permission.
  async enable() {
    const ask = window.DeviceMotionEvent?.requestPermission;
    if (typeof ask === "function" && (await ask.call(window.DeviceMotionEvent)) !== "granted") return false;
    window.addEventListener("devicemotion", this.onMotion);
    this.enabled = true;
    return true;
  }

  // `sessionSeconds`: where in the plan this step starts, so the upload can say when recording began.
  setPhase(phase, sessionSeconds) {
    this.recording = this.enabled && RECORDED_PHASES.has(phase);
    if (this.recording && this.startedAt === null) this.startedAt = sessionSeconds;
    this.meter.closest(".motion").classList.toggle("hidden", !this.recording);
  }

  stop() {
    this.recording = false;
    window.removeEventListener("devicemotion", this.onMotion);
  }

  // Time comes from the sensor's own interval, not from when the event arrived: steady on a phone,
  // and a replayed trace in a test keeps its timing however fast it is sent.
  onMotion(event) {
    if (!this.recording) return;
    const a = event.accelerationIncludingGravity;
    if (!a || a.x === null || a.y === null || a.z === null) return;
    const step = (event.interval || 16) / 1000;
    this.rows.push(`${this.clock.toFixed(3)},${a.x.toFixed(4)},${a.y.toFixed(4)},${a.z.toFixed(4)}`);
    this.clock += step;
    this.track(Math.hypot(a.x, a.y, a.z), Math.round(WINDOW_SECONDS / step));
  }

  // The spread of the last two seconds' magnitude: a rough, calm sign of shaking, not the analysis.
  track(magnitude, size) {
    this.recent.push(magnitude);
    if (this.recent.length > size) this.recent.shift();
    if (this.rows.length % Math.max(1, Math.round(size / 4)) !== 0) return;
    const mean = this.recent.reduce((sum, v) => sum + v, 0) / this.recent.length;
    const rms = Math.sqrt(this.recent.reduce((sum, v) => sum + (v - mean) ** 2, 0) / this.recent.length);
    this.meter.value = Math.min(2, rms);
    this.label.textContent = `The phone feels ${LEVELS.find(([top]) => rms < top)[1]}.`;
  }

  get samples() {
    return this.rows.length;
  }

  csv() {
    return `time,x,y,z\n${this.rows.join("\n")}\n`;
  }

  // One request with the whole recording; the server analyses it and keeps the result.
  async upload(url) {
    const form = new FormData();
    form.append("file", new Blob([this.csv()], { type: "text/csv" }), "phone-motion.csv");
    form.append("kind", "tremor");
    form.append("offset_s", String(this.startedAt ?? 0));
    const response = await fetch(url, { method: "POST", body: form });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.detail?.[0]?.msg || `the server answered ${response.status}`);
    return answer;
  }
}
