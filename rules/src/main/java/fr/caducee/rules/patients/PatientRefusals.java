package fr.caducee.rules.patients;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import fr.caducee.rules.Rule;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * The refusals a patient can meet, worded for the webmail to show as they are: they say what happened and what the
 * patient can do instead.
 */
public final class PatientRefusals {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
        .withZone(ZoneId.of("Europe/Paris"));

    private PatientRefusals() {
    }

    static SmtpRefusal firstContact(String recipient) {
        return Rule.PATIENT_FIRST_CONTACT.refusal(
            "Patients can only reply to a conversation a professional started, and " + recipient
                + " has not written to you; you may write first only to a pharmacy where you had a dispensing in the "
                + "last " + PharmacistFirstContact.MONTHS + " months");
    }

    static SmtpRefusal closed(Conversation conversation) {
        return Rule.CONVERSATION_CLOSED.refusal(closedSentence(conversation));
    }

    /**
     * What a patient is told about a closed conversation: the refusal of a reply to it, and the webmail's page of
     * it, which says the same thing before the patient even tries.
     */
    public static String closedSentence(Conversation conversation) {
        return conversation.closedBy().orElse("The professional") + " closed this conversation on "
            + conversation.closedAt().map(DAY::format).orElse("an earlier date")
            + ": you can no longer reply to it; wait for a new message from your professional";
    }

    static SmtpRefusal notAReply() {
        return Rule.PATIENT_NOT_A_REPLY.refusal(
            "Patients can only reply to a conversation a professional started: use Reply on the professional's "
                + "message rather than writing a new one");
    }

    static SmtpRefusal outsideConversation(String recipient) {
        return Rule.PATIENT_OUTSIDE_CONVERSATION.refusal(
            recipient + " is not part of the conversation you are replying to: reply only to its participants");
    }

    static SmtpRefusal severalAtOnce() {
        return Rule.PATIENT_SEVERAL_RECIPIENTS.refusal(
            "Patients may write to several professionals at once only by replying to a conversation they are all "
                + "part of: write to one pharmacy at a time");
    }

    static SmtpRefusal unavailable() {
        return Rule.CONVERSATIONS_UNAVAILABLE.refusal(
            "Cannot check your conversations right now: try again in a few minutes");
    }
}
