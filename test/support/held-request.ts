// A request a double keeps waiting until the test releases it: the work behind it is then
// provably under way (and unfinished) at that moment, without guessing how long it takes.
export class HeldRequest {
  /** Resolves when the request has arrived and is being held. */
  readonly reached: Promise<void>;
  private arrived!: () => void;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  constructor(readonly label: string) {
    this.reached = new Promise<void>((resolve) => (this.arrived = resolve));
  }

  release(): void {
    this.open();
  }

  /** The double's side: marks the request as arrived, and returns once the test releases it. */
  async pass(): Promise<void> {
    this.arrived();
    await this.gate;
  }
}
