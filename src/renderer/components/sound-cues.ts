// Gentle cues for the station, synthesised (no audio files): a rising pair of notes for "done",
// a low pair for "needs attention". Never in automated browsers (navigator.webdriver), so tests
// and screenshot runs are silent by default.

let context: AudioContext | null = null;

function tone(frequencies: readonly number[]): void {
  if (typeof window === 'undefined' || navigator.webdriver || typeof AudioContext === 'undefined') return;
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    frequencies.forEach((frequency, i) => {
      const ctx = context as AudioContext;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.12, start + i * 0.18 + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.18 + 0.25);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(start + i * 0.18);
      oscillator.stop(start + i * 0.18 + 0.3);
    });
  } catch {
    // No sound device: the visual cue is enough.
  }
}

export const playSuccess = () => tone([660, 880]);
export const playFailure = () => tone([330, 247]);
