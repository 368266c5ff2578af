package fr.caducee.identity.login;

/** The application box a client certificate opens (to be written). */
public final class CertificateLogins {
}
