/**
 * A streaming route found nothing usable, or rows --strict refuses: the
 * caller re-reads the input with the general readers, which word the error.
 */
export class NeedsGeneralRead extends Error {}
