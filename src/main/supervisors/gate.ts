/**
 * Who may do what. Applying for codes, exporting, activating and editing
 * products need an unlocked supervisor; everything else is recorded as the
 * station's operator. Services ask the gate; they never look at PINs.
 *
 * Ask the gate before doing anything: the renderer retries a call refused with
 * SUPERVISOR_REQUIRED once a supervisor has unlocked, so a refused call must
 * have changed nothing.
 */
export interface SupervisorGate {
  /**
   * The actor to record for a supervisor-only action (e.g. 'supervisor:王工'). Throws
   * SUPERVISOR_REQUIRED ("Unlock as a supervisor to <action in words>") when nobody is
   * unlocked, or SUPERVISOR_SETUP_NEEDED in the app before any supervisor exists.
   * `action` is a channel-like name ('batches.apply', 'products.update', 'activation.create', …).
   */
  requireSupervisor(action: string): string;
  /** The actor to record for anything else ('supervisor:…' while unlocked, else 'operator' or 'cli'). */
  currentActor(): string;
}
