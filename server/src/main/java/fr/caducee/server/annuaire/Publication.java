package fr.caducee.server.annuaire;

/** The boxes published to the national directory (to be written). */
public final class Publication {
}
