package fr.caducee.server.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

import javax.mail.Flags;

import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.Test;

class MessageTextTest {
    private static MessageText of(String raw) throws Exception {
        byte[] content = raw.getBytes(StandardCharsets.UTF_8);
        InMemoryMessageId id = InMemoryMessageId.of(1);
        return MessageText.of(SimpleMailboxMessage.builder()
            .messageId(id).threadId(ThreadId.fromBaseMessageId(id)).internalDate(new Date()).size(content.length)
            .bodyStartOctet(raw.indexOf("\r\n\r\n") + 4).content(new ByteContent(content)).flags(new Flags())
            .properties(new PropertyBuilder()).mailboxId(InMemoryId.of(1)).build());
    }

    @Test
    void foldingIgnoresCaseAccentsAndLigatures() {
        assertThat(TextFolding.fold("Résultats")).isEqualTo(TextFolding.fold("RESULTATS")).isEqualTo("resultats");
        assertThat(TextFolding.fold("Œdème du cœur")).isEqualTo("oedeme du coeur");
        assertThat(TextFolding.fold("ligne\r\nsuivante")).isEqualTo("ligne suivante");
    }

    @Test
    void headersAreDecodedFoldedAndOneLineEach() throws Exception {
        MessageText text = of("From: \"Zoé Martin\" <z.martin@labo.test>\r\n"
            + "Subject: =?UTF-8?Q?R=C3=A9sultats?=\r\n de biologie\r\n\r\ncorps\r\n");
        assertThat(text.headers()).isEqualTo("\nfrom: \"zoe martin\" <z.martin@labo.test>\nsubject: resultats de biologie\n");
        assertThat(text.sortSubject()).isEqualTo("RÉSULTATS DE BIOLOGIE");
        assertThat(text.sortFrom()).isEqualTo("Z.MARTIN");
        assertThat(text.displayFrom()).isEqualTo("ZOÉ MARTIN");
    }

    @Test
    void anAddressWrittenWithCommentsInsideIsAlsoIndexedAsTheAddressItIs() throws Exception {
        MessageText text = of("From: <user-from (comment)@ (comment) domain.org>\r\n"
            + "To: team: a@x.org, Bruno <b@x.org>;\r\nSubject: user (c)@d.org\r\n\r\ncorps\r\n");
        assertThat(text.headers()).isEqualTo("\nfrom: <user-from (comment)@ (comment) domain.org> user-from@domain.org"
            + "\nto: team: a@x.org, bruno <b@x.org>;\nsubject: user (c)@d.org\n");
    }

    @Test
    void onlyTextPartsAreSearchedAndAttachmentsAreNamed() throws Exception {
        MessageText text = of("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: text/html; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<p>Pr=E9vention</p>\r\n--b\r\n"
            + "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"bilan.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b\r\n"
            + "Content-Type: image/png; name=logo.png\r\nContent-Disposition: inline\r\n\r\nPNG\r\n--b--\r\n");
        assertThat(text.body()).isEqualTo("prevention ");
        assertThat(text.hasAttachment()).isTrue();
        assertThat(text.attachmentNames()).containsExactly("bilan.pdf");
    }

    @Test
    void sentDayIsTheDayAsWrittenAndSentAtTheInstant() throws Exception {
        MessageText text = of("Date: Tue, 1 Dec 2026 23:30:00 -0500\r\n\r\n.\r\n");
        assertThat(text.sentDay()).contains(LocalDate.of(2026, 12, 1));
        assertThat(text.sentAt()).contains(Instant.parse("2026-12-02T04:30:00Z"));
        assertThat(SentDay.day("Tue, 1 Dec 26 23:59 +1400")).contains(LocalDate.of(2026, 12, 1));
        assertThat(SentDay.day("demain")).isEmpty();
        assertThat(of("Subject: sans date\r\n\r\n.\r\n").sentDay()).isEmpty();
    }

    @Test
    void threadIdsComeFromMessageIdAndReferencesElseInReplyTo() throws Exception {
        MessageText replied = of("Message-ID: <c@h>\r\nReferences: <a@h>\r\n <b@h>\r\nIn-Reply-To: <z@h>\r\n"
            + "Subject: Re: Bilan\r\n\r\n.\r\n");
        assertThat(replied.messageIdHeader()).isEqualTo("c@h");
        assertThat(replied.threadReferences()).containsExactly("a@h", "b@h");
        assertThat(replied.subjectReply()).isTrue();
        MessageText answered = of("Message-ID: <d@h>\r\nIn-Reply-To: <a@h> <b@h>\r\nSubject: Bilan\r\n\r\n.\r\n");
        assertThat(answered.threadReferences()).containsExactly("a@h");
        assertThat(answered.subjectReply()).isFalse();
    }

    /** RFC 5256 2.1: the base subject (upper case) SORT SUBJECT orders by and THREAD gathers by; whether a reply. */
    @Test
    void theBaseSubjectLosesReplyAndForwardLeadersAndTrailers() throws Exception {
        for (String subject : java.util.List.of("Re: Bilan sanguin", "RE: Fwd: re[2]: Bilan sanguin",
                "Bilan sanguin (fwd)", "[Fwd: Re: Bilan sanguin]", "[equipe-soins] Re: Bilan sanguin")) {
            MessageText text = of("Subject: " + subject + "\r\n\r\n.\r\n");
            assertThat(text.sortSubject()).as(subject).isEqualTo("BILAN SANGUIN");
            assertThat(text.subjectReply()).as(subject).isTrue();
        }
        MessageText original = of("Subject: =?UTF-8?Q?R=C3=A9sultats?=  de\tbiologie  \r\n\r\n.\r\n");
        assertThat(original.sortSubject()).isEqualTo("RÉSULTATS DE BIOLOGIE");
        assertThat(original.subjectReply()).isFalse();
        assertThat(of("Subject: [equipe-soins]\r\n\r\n.\r\n").sortSubject()).isEqualTo("[EQUIPE-SOINS]");
        assertThat(of("From: a@b\r\n\r\n.\r\n").sortSubject()).isEmpty();
    }

    /** RFC 5957: SORT DISPLAYFROM goes by the decoded display name, else the address (imaptest's sort-display-from). */
    @Test
    void theDisplayNameIsDecodedElseTheAddress() throws Exception {
        assertThat(of("From: foo bar <a@b.c>\r\n\r\n.\r\n").displayFrom()).isEqualTo("FOO BAR");
        assertThat(of("From: b@c.d\r\n\r\n.\r\n").displayFrom()).isEqualTo("B@C.D");
        assertThat(of("From: =?iso-8859-1?q?foo_aar?= <e@f.g>\r\n\r\n.\r\n").displayFrom()).isEqualTo("FOO AAR");
        assertThat(of("To: empty:;\r\n\r\n.\r\n").displayTo()).isEqualTo("EMPTY");
    }

    /** RFC 5256 3: FROM, TO and CC go by the first address's mailbox, or a group's name (imaptest's sort-addresses). */
    @Test
    void addressKeysAreTheFirstMailboxOrAGroupsName() throws Exception {
        MessageText text = of("From: Foo Bar <user2@domain2.org>\r\nTo: user1@domain1.org, b@c\r\n"
            + "Cc: user3: blah@domain1.org;\r\n\r\n.\r\n");
        assertThat(text.sortFrom()).isEqualTo("USER2");
        assertThat(text.sortTo()).isEqualTo("USER1");
        assertThat(text.sortCc()).isEqualTo("USER3");
        assertThat(of("Subject: x\r\n\r\n.\r\n").sortCc()).isEmpty();
    }
}
