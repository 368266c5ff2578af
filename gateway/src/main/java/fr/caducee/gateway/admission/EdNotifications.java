package fr.caducee.gateway.admission;

/** Decides, for an arrival at the ED, whom to tell and what became of it ({@link EdOutcome}). (To be written.) */
public final class EdNotifications {
}
