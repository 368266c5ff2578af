package fr.caducee.webmail.mail;

import java.util.Map;
import java.util.Objects;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.web.WebRefusal;

/**
 * A refusal shown inside the page whose form it answers, with what the patient typed kept in the form: a French
 * sentence ({@code lead}), the server's own words when they add something ({@code detail}, e.g. the submission
 * chain's sentence) and the rule id for the operator's support ("Code : patient-first-contact").
 */
public record Refusal(String lead, String detail, String rule) {

    /** What a patient can do about the chain's refusals a patient may meet; the chain's own sentence follows. */
    private static final Map<String, String> LEADS = Map.of(
        Rule.PATIENT_FIRST_CONTACT.id(), "Vous ne pouvez pas écrire en premier à ce destinataire. Un patient répond aux "
            + "messages des professionnels ; il n'écrit en premier qu'à une pharmacie où une délivrance de médicaments "
            + "est enregistrée pour lui depuis moins de douze mois.",
        Rule.CONVERSATION_CLOSED.id(), "Cette conversation a été close par le professionnel : vous ne pouvez plus y "
            + "répondre. Attendez un nouveau message de sa part.",
        Rule.PATIENT_OUTSIDE_CONVERSATION.id(), "Un des destinataires ne participe pas à cette conversation : vous ne "
            + "pouvez répondre qu'à ses participants.",
        Rule.PATIENT_NOT_A_REPLY.id(), "Un patient ne peut que répondre aux messages reçus : ouvrez la conversation et "
            + "utilisez le formulaire de réponse.",
        Rule.PATIENT_SEVERAL_RECIPIENTS.id(), "Écrivez à une seule pharmacie à la fois.",
        Rule.PATIENT_TO_PATIENT.id(), "Vous ne pouvez pas écrire à un autre patient.",
        Rule.RECORD_BOX_FROM_PATIENT.id(), "Cette adresse reçoit les documents que les professionnels déposent dans "
            + "le dossier médical : vous ne pouvez pas y écrire.");
    static final String REFUSED = "Votre message a été refusé : il n'a pas été envoyé.";
    static final String LATER = "Votre message n'a pas pu être envoyé pour le moment. Réessayez dans quelques minutes.";

    public Refusal {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(rule, "rule");
    }

    /** The submission chain refused the message: its rule and sentence, after a French sentence. */
    public static Refusal of(SendOutcome.Refused refused) {
        String lead = refused.temporary() ? LATER : LEADS.getOrDefault(refused.rule(), REFUSED);
        return new Refusal(lead, refused.sentence().equals(lead) ? "" : refused.sentence(), refused.rule());
    }

    /** The webmail refused the form itself (an attachment, an empty message, a field). */
    public static Refusal of(WebRefusal refusal) {
        return new Refusal(refusal.sentence(), "", refusal.rule().id());
    }

    /**
     * The language of {@code detail}, for the page to say it (WCAG 3.1.2): the submission chain answers in English;
     * the outbox's own "try again later" is French like the page (null: no attribute).
     */
    public String detailLanguage() {
        return detail.isEmpty() || rule.equals(Rule.WEBMAIL_SEND_UNAVAILABLE.id()) ? null : "en";
    }

    /** The HTTP status of a page showing the chain's refusal: 503 to try again later, 403 for a refusal. */
    public static int status(SendOutcome.Refused refused) {
        return refused.temporary() ? 503 : 403;
    }
}
