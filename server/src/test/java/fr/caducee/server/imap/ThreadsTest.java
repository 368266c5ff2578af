package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** RFC 5256: the threads of the THREAD command, and the order of SORT. */
class ThreadsTest {
    private final List<SortedMessage> messages = new ArrayList<>();

    private void message(long uid, String sent, String subject, String id, String... references) {
        Date date = Date.from(Instant.parse(sent));
        messages.add(new SortedMessage(uid, uid, date, date, 100 * uid, "", "", "", "", "", BaseSubject.of(subject), id,
            List.of(references)));
    }

    @Test
    void referencesLinkRepliesToWhatTheyAnswer() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "<a@x>");
        message(2, "2026-12-01T07:00:00Z", "Re: Bilan", "<b@x>", "<a@x>");
        message(3, "2026-11-30T10:00:00Z", "Garde", "<c@x>");
        message(4, "2026-12-02T10:00:00Z", "Re: Bilan", "<d@x>", "<a@x>", "<b@x>");
        message(5, "2026-12-03T10:00:00Z", "Re: Bilan", "<e@x>", "<a@x>");

        assertThat(Threads.references(messages)).isEqualTo("(3)(1 (2 4)(5))");
    }

    @Test
    void aMessageReferredToButAbsentKeepsItsRepliesTogether() {
        message(1, "2026-12-01T08:00:00Z", "Re: Bilan", "<b@x>", "<a@x>");
        message(2, "2026-12-01T09:00:00Z", "Re: Bilan", "<c@x>", "<a@x>");

        assertThat(Threads.references(messages)).isEqualTo("((1)(2))");
    }

    @Test
    void rootsWithTheSameSubjectAreGathered() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "<a@x>");
        message(2, "2026-12-01T09:00:00Z", "Re: Bilan", "<b@x>");
        message(3, "2026-12-01T10:00:00Z", "Autre", null);

        assertThat(Threads.references(messages)).isEqualTo("(1 2)(3)");
    }

    @Test
    void aReferenceLoopIsNotFollowed() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "<a@x>", "<b@x>");
        message(2, "2026-12-01T09:00:00Z", "Compte rendu", "<b@x>", "<a@x>");

        assertThat(Threads.references(messages)).isEqualTo("(2 1)");
    }

    @Test
    void aMessagesOwnReferencesReplaceALinkAnotherMessageMadeForIt() {
        // imaptest's "thread": 2 says c answers a, 3 (c) says it answers 2: linking 3 under 2 would be a loop.
        message(1, "2008-02-22T17:06:23Z", "", "<a@b>");
        message(2, "2008-02-22T15:06:23Z", "", "<b@b>", "<a@b>", "<c@b>");
        message(3, "2008-02-22T16:06:25Z", "", "<c@b>", "<b@b>");

        assertThat(Threads.references(messages)).isEqualTo("(3 2)(1)");
    }

    @Test
    void orderedSubjectMakesTheFirstMessageTheParentOfTheOthers() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "<a@x>");
        message(2, "2026-12-01T07:00:00Z", "Re: Bilan", "<b@x>");
        message(3, "2026-11-30T10:00:00Z", "Garde", "<c@x>");
        message(4, "2026-12-02T10:00:00Z", "Re: Re: Bilan", "<d@x>");

        assertThat(Threads.orderedSubject(messages)).isEqualTo("(3)(2 (1)(4))");
    }

    @Test
    void displayFromIsTheDecodedNameElseTheAddress() {
        List<SortedMessage> read = new ArrayList<>();
        Date date = Date.from(Instant.parse("2026-12-01T08:00:00Z"));
        for (String from : List.of("foo bar <a@b.c>", "b@c.d", "d", "=?iso-8859-1?q?foo_aar?= <e@f.g>",
                "=?iso-8859-1?q?foo_car?= <f@g.h>")) {
            long uid = read.size() + 1;
            read.add(SortedMessage.of(uid, uid, date, 100, Map.of("from", from)));
        }
        // imaptest's sort-display-from
        assertThat(read.stream().sorted(SortCriterion.order(List.of(
                new SortCriterion(SortCriterion.Key.DISPLAYFROM, false)))).map(SortedMessage::id))
            .containsExactly(2L, 3L, 4L, 1L, 5L);
    }

    @Test
    void sortGoesByEachCriterionThenBySequenceNumber() {
        message(1, "2026-12-01T08:00:00Z", "Bilan", "<a@x>");
        message(2, "2026-12-01T08:00:00Z", "Autre", "<b@x>");
        message(3, "2026-11-30T10:00:00Z", "Bilan", "<c@x>");

        List<SortCriterion> bySubjectThenReverseDate = List.of(new SortCriterion(SortCriterion.Key.SUBJECT, false),
            new SortCriterion(SortCriterion.Key.DATE, true));
        assertThat(messages.stream().sorted(SortCriterion.order(bySubjectThenReverseDate)).map(SortedMessage::id))
            .containsExactly(2L, 1L, 3L);
        assertThat(messages.stream().sorted(SortCriterion.order(List.of(
                new SortCriterion(SortCriterion.Key.DATE, false)))).map(SortedMessage::id))
            .containsExactly(3L, 1L, 2L);
    }
}
