package fr.caducee.mailets.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcConversationStoreTest {
    private static final String PATIENT = "146026322000196@patient.caducee.test";
    private static final String GP = "dr.martin@caducee.test";
    private static final String CARDIOLOGY = "cardiologie@caducee.test";
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    private EmbeddedDataSource dataSource;
    private JdbcConversationStore store;

    @BeforeEach
    void createDatabase() {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:conversations-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        store = JdbcConversationStore.open(dataSource);
    }

    @Test
    void openedConversationShouldBeFoundByItsMessageAndByParticipant() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP, CARDIOLOGY), "<m1@caducee.test>", T0);

        assertThat(store.containing(PATIENT, List.of("<other@x>", "<m1@caducee.test>")))
            .singleElement().satisfies(found -> {
                assertThat(found.id()).isEqualTo(opened.id());
                assertThat(found.participants()).containsExactlyInAnyOrder(GP, CARDIOLOGY);
                assertThat(found.openedBy()).isEqualTo(GP);
                assertThat(found.isOpen()).isTrue();
            });
        assertThat(store.involving(PATIENT, CARDIOLOGY)).extracting(Conversation::id).containsExactly(opened.id());
        assertThat(store.involving(PATIENT, "pr.bernard@caducee.test")).isEmpty();
    }

    @Test
    void messageIdsShouldBelongToTheirPatientOnly() {
        store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);

        assertThat(store.containing("180012345678913@patient.caducee.test", List.of("<m1@caducee.test>"))).isEmpty();
        assertThat(store.containing(PATIENT, List.of())).isEmpty();
    }

    @Test
    void addedMessageShouldTieItsRepliesToTheConversationAndAddingItTwiceShouldBeHarmless() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);

        store.addMessage(opened.id(), "<reply@patient.caducee.test>", Set.of(GP, CARDIOLOGY), T0.plusSeconds(60));
        store.addMessage(opened.id(), "<reply@patient.caducee.test>", Set.of(CARDIOLOGY), T0.plusSeconds(61));

        assertThat(store.containing(PATIENT, List.of("<reply@patient.caducee.test>")))
            .singleElement().satisfies(found -> assertThat(found.participants()).containsExactlyInAnyOrder(GP, CARDIOLOGY));
    }

    @Test
    void closingShouldKeepTheFirstClosing() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP, CARDIOLOGY), "<m1@caducee.test>", T0);

        store.close(opened.id(), GP, T0.plusSeconds(3600));
        store.close(opened.id(), CARDIOLOGY, T0.plusSeconds(7200));

        assertThat(store.involving(PATIENT, GP)).singleElement().satisfies(closed -> {
            assertThat(closed.isOpen()).isFalse();
            assertThat(closed.closedBy()).contains(GP);
            assertThat(closed.closedAt()).contains(T0.plusSeconds(3600));
        });
    }

    @Test
    void conversationsShouldBeListedMostRecentFirst() {
        Conversation first = store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);
        Conversation second = store.open(PATIENT, GP, Set.of(GP), "<m2@caducee.test>", T0.plusSeconds(10));

        assertThat(store.involving(PATIENT, GP)).extracting(Conversation::id).containsExactly(second.id(), first.id());
        assertThat(store.containing(PATIENT, List.of("<m1@caducee.test>", "<m2@caducee.test>")))
            .extracting(Conversation::id).containsExactly(second.id(), first.id());
    }

    @Test
    void reopeningTheStoreShouldFindWhatWasWritten() {
        Conversation opened = store.open(PATIENT, GP, Set.of(GP), "<m1@caducee.test>", T0);

        JdbcConversationStore again = JdbcConversationStore.open(dataSource);

        assertThat(again.containing(PATIENT, List.of("<m1@caducee.test>"))).extracting(Conversation::id)
            .containsExactly(opened.id());
    }

    @Test
    void longMessageIdsShouldBeKeptWhole() {
        String longId = "<" + "x".repeat(990) + "@caducee.test>";
        store.open(PATIENT, GP, Set.of(GP), longId, T0);

        assertThat(store.containing(PATIENT, List.of(longId))).hasSize(1);
        assertThat(store.containing(PATIENT, List.of("<" + "x".repeat(989) + "@caducee.test>"))).isEmpty();
    }
}
