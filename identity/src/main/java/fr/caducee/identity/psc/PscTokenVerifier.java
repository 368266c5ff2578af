package fr.caducee.identity.psc;

/** Checks a Pro Santé Connect access token (to be written). */
public final class PscTokenVerifier {
}
