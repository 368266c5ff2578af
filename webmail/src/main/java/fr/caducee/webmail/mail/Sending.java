package fr.caducee.webmail.mail;

import java.util.List;
import java.util.Optional;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/**
 * What a reply and a new message share: the form read (text, files), the message handed to the outbox as the form
 * gave it, and the answer when something was refused, with the form kept. The webmail decides nothing about who may
 * receive it: the submission chain does, and its refusal is shown.
 */
final class Sending {
    static final String SENT = "Votre message a été envoyé.";
    static final String TEXT = "texte";
    static final String FILES = "pieces";

    private final Services services;
    private final PageAudit audit;
    private final Uploads uploads;

    Sending(Services services, PageAudit audit) {
        this.services = services;
        this.audit = audit;
        this.uploads = new Uploads(services.settings().uploadLimit());
    }

    /** What the patient typed, to keep in the form whatever happens: the field once, else nothing. */
    static String typed(WebRequest request, String field) {
        return request.field(field).orElse("");
    }

    /**
     * Sends what the form says.
     *
     * @param to          the recipients as the form gave them
     * @param noRecipient what to tell the patient when the form names no recipient, or one that is not an address
     * @return the outcome, or the refusal of the form itself (audited here: no message reached the chain)
     */
    Result send(WebRequest request, List<String> to, String noRecipient, String subject, Optional<String> inReplyTo,
                List<String> references) {
        try {
            String text = request.field(TEXT).orElseThrow(() -> invalid(
                "Le formulaire ne contient pas de texte lisible : rechargez la page et écrivez à nouveau."));
            List<Upload> files = uploads.check(request.uploads());
            if (text.isBlank() && files.isEmpty()) {
                throw invalid("Votre message est vide : écrivez un texte ou joignez un document, puis envoyez-le.");
            }
            if (to.isEmpty() || to.stream().anyMatch(address -> address.isBlank() || !address.strip().equals(address)
                    || address.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))) {
                throw invalid(noRecipient);
            }
            Outgoing outgoing = new Outgoing(to, oneLine(subject), text, inReplyTo, references, files);
            if (services.outbox().send(request.viewer(), outgoing) instanceof SendOutcome.Refused refused) {
                return new Result(Refusal.status(refused), Refusal.of(refused));
            }
            return new Result(0, null);
        } catch (WebRefusal refusal) {
            audit.refusal(request, refusal);
            return new Result(refusal.status(), Refusal.of(refusal));
        }
    }

    /** A subject on one line whatever the form or the mail said: no header can be added through it. */
    static String oneLine(String subject) {
        return subject.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    private static WebRefusal invalid(String sentence) {
        return new WebRefusal(Rule.WEBMAIL_FORM_INVALID, sentence);
    }

    /** Sent ({@code refusal} null), or refused with the page's status. */
    record Result(int status, Refusal refusal) {
        boolean sent() {
            return refusal == null;
        }
    }
}
