package fr.caducee.gateway.port;

import fr.caducee.gateway.DependencyUnavailableException;

/**
 * Sends the gateway's mails through the server's submission chain (the rules an SMTP client meets), as the
 * hospital's box. {@code server/gateway} registers the mail (table {@code gateway_mail}) before submitting it, and
 * does not submit again a mail registered and accepted before.
 */
public interface Outbox {

    /**
     * @throws DependencyUnavailableException the database or the listener cannot be reached, or the chain answered
     *     {@code 4xx}: the HL7 message is answered {@code AR}
     */
    SubmissionResult send(PlannedMail mail) throws DependencyUnavailableException;
}
