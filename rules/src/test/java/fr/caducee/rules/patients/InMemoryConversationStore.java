package fr.caducee.rules.patients;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The conversation store in memory, for the rules' unit tests: the queries of the database store (newest opened
 * first; among conversations opened at the same instant, the last opened first) without a database.
 */
public final class InMemoryConversationStore implements ConversationStore {

    private static final class Stored {
        final String id;
        final String patient;
        final String openedBy;
        final Instant openedAt;
        final Set<String> participants = new LinkedHashSet<>();
        final Set<String> messageIds = new HashSet<>();
        String closedBy;
        Instant closedAt;

        Stored(String id, String patient, String openedBy, Instant openedAt) {
            this.id = id;
            this.patient = patient;
            this.openedBy = openedBy;
            this.openedAt = openedAt;
        }

        Conversation view() {
            return new Conversation(id, patient, openedBy, openedAt, participants, Optional.ofNullable(closedBy),
                Optional.ofNullable(closedAt));
        }
    }

    private final List<Stored> conversations = new ArrayList<>();

    @Override
    public synchronized List<Conversation> containing(String patient, Collection<String> messageIds) {
        return newestFirst(stored -> stored.patient.equals(patient)
            && messageIds.stream().anyMatch(stored.messageIds::contains));
    }

    @Override
    public synchronized List<Conversation> openInvolving(String patient, String box) {
        return newestFirst(stored -> stored.patient.equals(patient) && stored.participants.contains(box)
            && stored.closedAt == null);
    }

    @Override
    public synchronized Optional<Conversation> lastInvolving(String patient, String box) {
        return newestFirst(stored -> stored.patient.equals(patient) && stored.participants.contains(box))
            .stream().findFirst();
    }

    @Override
    public synchronized Conversation open(String patient, String openedBy, Set<String> participants,
                                          String messageId, Instant at) {
        Stored stored = new Stored(UUID.randomUUID().toString(), patient, openedBy, at);
        stored.participants.addAll(participants);
        stored.messageIds.add(messageId);
        conversations.add(stored);
        return stored.view();
    }

    @Override
    public synchronized void addMessage(String conversationId, String messageId, Set<String> participants,
                                        Instant at) {
        find(conversationId).ifPresent(stored -> {
            stored.participants.addAll(participants);
            stored.messageIds.add(messageId);
        });
    }

    @Override
    public synchronized void close(String conversationId, String closedBy, Instant at) {
        find(conversationId).filter(stored -> stored.closedAt == null).ifPresent(stored -> {
            stored.closedBy = closedBy;
            stored.closedAt = at;
        });
    }

    private Optional<Stored> find(String conversationId) {
        return conversations.stream().filter(stored -> stored.id.equals(conversationId)).findFirst();
    }

    private List<Conversation> newestFirst(Predicate<Stored> wanted) {
        List<Stored> found = new ArrayList<>();
        for (int i = conversations.size() - 1; i >= 0; i--) {
            if (wanted.test(conversations.get(i))) {
                found.add(conversations.get(i));
            }
        }
        found.sort(Comparator.comparing((Stored stored) -> stored.openedAt).reversed());
        return found.stream().map(Stored::view).toList();
    }
}
