package fr.caducee.gateway.admission;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do about an arrival at the ED, or its cancellation: the outcome and its reason (a French sentence, for
 * the ED's summary and {@code gateway_ed_arrival.reason}), and the mails to send. {@link EdOutcome#SENT} comes with a
 * notice per active PER box of the GP, and {@link EdOutcome#CANCELLED} with a correction per box that had a notice;
 * once the mails are submitted the outcome is {@code SENT}, or {@code REFUSED} with the chain's refusal as reason
 * when none was accepted ({@link EdNotifications#refused}).
 *
 * @param gp the GP the message named, empty for {@link EdOutcome#NO_GP}
 */
public record EdDecision(EdOutcome outcome, String reason, Optional<GpReference> gp, List<EdNotice> notices) {
    public EdDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        gp = Objects.requireNonNullElse(gp, Optional.empty());
        notices = List.copyOf(notices);
    }
}
