package fr.caducee.identity.login;

/** A professional opening an ORG box with their own password (to be written). */
public final class DelegatedLogin {
}
