package fr.caducee.rules.transport;

import org.apache.james.core.Username;

import fr.caducee.rules.Rule;

/**
 * Logins whose password IMAP and SMTP do not take, whatever it is: a patient logs in with a second factor, which
 * neither protocol can ask for, so a patient's password opens the webmail only. Decided by the server's users
 * repository (the directory's accounts); the SMTP hook and the IMAP guard that answer it ask here.
 */
public interface MailClientLogins {
    /**
     * What a patient's mail client shows: plain ASCII (SMTP and IMAP replies are), French (patients read it), with
     * the rule's id.
     */
    String SENTENCE = "Les patients se connectent par le webmail, avec un second facteur qu'IMAP et SMTP ne peuvent "
        + "pas demander : ouvrez votre messagerie dans le webmail (" + Rule.PATIENT_MAIL_CLIENT.id() + ")";

    /** True when this login may not log in with a password at IMAP or SMTP. */
    boolean refusesPassword(Username login);
}
