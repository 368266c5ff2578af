package fr.caducee.rules.patients;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A conversation between professionals and one patient of this operator: what lets a patient, who may never write
 * first (except to their pharmacist), reply. Opened by the first message a professional box sends to the patient;
 * closed by a closing message ({@code X-MSS-MES: FIN}, or a subject that begins with {@code [FIN]}).
 *
 * @param id           stable identifier
 * @param patient      the patient's address, lower case
 * @param openedBy     the box whose message opened it
 * @param openedAt     when
 * @param participants the professional boxes the patient may reply to (sender and professional co-recipients)
 * @param closedBy     the box that closed it, empty while open
 * @param closedAt     when it was closed, empty while open
 */
public record Conversation(String id, String patient, String openedBy, Instant openedAt, Set<String> participants,
                           Optional<String> closedBy, Optional<Instant> closedAt) {

    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(openedBy, "openedBy");
        Objects.requireNonNull(openedAt, "openedAt");
        participants = Set.copyOf(participants);
        closedBy = Objects.requireNonNullElse(closedBy, Optional.empty());
        closedAt = Objects.requireNonNullElse(closedAt, Optional.empty());
    }

    public boolean isOpen() {
        return closedAt.isEmpty();
    }

    public boolean includes(String box) {
        return participants.contains(box);
    }
}
