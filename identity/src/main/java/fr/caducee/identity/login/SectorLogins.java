package fr.caducee.identity.login;

/** The sector's logins, audited (to be written). */
public final class SectorLogins {
}
