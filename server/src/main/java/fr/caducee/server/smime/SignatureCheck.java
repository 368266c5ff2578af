package fr.caducee.server.smime;

/** Incoming S/MIME signatures checked (to be written). */
public final class SignatureCheck {
}
