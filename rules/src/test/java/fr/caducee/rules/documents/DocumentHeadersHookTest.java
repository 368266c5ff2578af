package fr.caducee.rules.documents;

import static fr.caducee.domain.documents.XdmFixtures.BAD_KEY_INS;
import static fr.caducee.domain.documents.XdmFixtures.QUALIFIED_INS;
import static fr.caducee.domain.documents.XdmFixtures.archive;
import static fr.caducee.domain.documents.XdmFixtures.document;
import static fr.caducee.domain.documents.XdmFixtures.metadata;
import static fr.caducee.rules.documents.XdmMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import javax.activation.DataHandler;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.XdmFixtures;

class DocumentHeadersHookTest {
    private final DocumentHeadersHook hook = new DocumentHeadersHook();
    private final SMTPSession session = mock(SMTPSession.class);

    @Test
    void aConsistentMessageIsAcceptedUnchanged() throws Exception {
        MimeMessage message = message(archive(metadata(document("Document01", "11490-0", QUALIFIED_INS))), "IHE_XDM.ZIP",
            "X-MSS-CODECDA", "11490-0", "X-MSS-INS", "O");

        assertThat(hook.onMessage(session, mail(message))).isEqualTo(HookResult.DECLINED);
        assertThat(message.getHeader("X-MSS-CODECDA")).containsExactly("11490-0");
        assertThat(message.getHeader("X-MSS-INS")).containsExactly("O");
    }

    @Test
    void severalDocumentsWithOneHeaderPerCode() throws Exception {
        MimeMessage message = message(archive(metadata(document("Document01", "11490-0", QUALIFIED_INS),
            document("Document02", "11502-2", QUALIFIED_INS))), "IHE_XDM.ZIP",
            "X-MSS-CODECDA", "11502-2", "X-MSS-CODECDA", "11490-0", "X-MSS-INS", "O");

        assertThat(hook.onMessage(session, mail(message))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aContradictingCodeIsRefused() throws Exception {
        MimeMessage message = message(archive(metadata(document("Document01", "11490-0", QUALIFIED_INS))), "IHE_XDM.ZIP",
            "X-MSS-CODECDA", "34112-3", "X-MSS-INS", "O");

        HookResult result = hook.onMessage(session, mail(message));

        assertRefused(result);
        assertThat(result.getSmtpDescription()).isEqualTo("5.6.0 X-MSS-CODECDA says 34112-3 but METADATA.XML in IHE_XDM.ZIP "
            + "gives the type code 11490-0: write one X-MSS-CODECDA header per type code of the archive's documents, or "
            + "leave them out and they are set from the archive");
    }

    @Test
    void aContradictingInsFlagIsRefused() throws Exception {
        MimeMessage message = message(archive(metadata(document("Document01", "11490-0", QUALIFIED_INS),
            document("Document02", "11502-2", BAD_KEY_INS))), "IHE_XDM.ZIP",
            "X-MSS-CODECDA", "11490-0, 11502-2", "X-MSS-INS", "O");

        HookResult result = hook.onMessage(session, mail(message));

        assertRefused(result);
        assertThat(result.getSmtpDescription()).startsWith("5.6.0 X-MSS-INS says O but").contains("Document02")
            .contains("write X-MSS-INS: N");
    }

    @Test
    void absentHeadersAreAddedFromTheMetadata() throws Exception {
        MimeMessage message = message(archive(metadata(document("Document01", "11490-0", QUALIFIED_INS),
            document("Document02", "11502-2", BAD_KEY_INS))), "IHE_XDM.ZIP");

        assertThat(hook.onMessage(session, mail(message))).isEqualTo(HookResult.DECLINED);
        assertThat(message.getHeader("X-MSS-CODECDA")).containsExactly("11490-0", "11502-2");
        assertThat(message.getHeader("X-MSS-INS")).containsExactly("N");
    }

    @Test
    void anArchiveNamedOnlyByItsContentTypeInANestedMultipartIsFound() throws Exception {
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(
            archive(metadata(document("Document01", "11490-0", QUALIFIED_INS))), "application/zip")));
        attachment.setHeader("Content-Type", "application/zip; name=\"ihe_xdm.zip\"");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Voir pièce jointe", "UTF-8");
        MimeMultipart inner = new MimeMultipart("related");
        inner.addBodyPart(text);
        inner.addBodyPart(attachment);
        MimeBodyPart innerPart = new MimeBodyPart();
        innerPart.setContent(inner);
        MimeMultipart outer = new MimeMultipart("mixed");
        outer.addBodyPart(innerPart);
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
        message.setHeader("X-MSS-CODECDA", "60591-5");
        message.setContent(outer);
        message.saveChanges();

        HookResult result = hook.onMessage(session, mail(message));

        assertRefused(result);
        assertThat(result.getSmtpDescription()).contains("X-MSS-CODECDA says 60591-5");
    }

    @Test
    void anArchiveWithoutMetadataIsRefused() throws Exception {
        HookResult result = hook.onMessage(session, mail(message(archive(null), "IHE_XDM.ZIP", "X-MSS-INS", "O")));

        assertRefused(result);
        assertThat(result.getSmtpDescription()).startsWith("5.6.0 IHE_XDM.ZIP holds no IHE_XDM/SUBSET01/METADATA.XML");
    }

    @Test
    void anArchiveThatIsNotValidBase64IsRefusedAsUndecodable() throws Exception {
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Lettre de liaison ci-jointe.", "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent("!!! pas du base64 !!!\r\n", "application/zip");
        attachment.setFileName("IHE_XDM.ZIP");
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(attachment);
        MimeMessage built = new MimeMessage(Session.getInstance(new java.util.Properties()));
        built.setContent(mixed);
        built.saveChanges();
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        built.writeTo(raw);
        String wire = raw.toString(java.nio.charset.StandardCharsets.US_ASCII);
        // writeTo encodes the text as base64 itself; put the invalid characters back on the wire.
        wire = wire.replaceAll("(?s)(filename=IHE_XDM.ZIP\r\n\r\n).*?(\r\n--)", "$1!!! pas du base64 !!!$2");
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(wire.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        HookResult result = hook.onMessage(session, mail(message));

        assertRefused(result);
        assertThat(result.getSmtpDescription()).startsWith("5.6.0 The attachment IHE_XDM.ZIP cannot be decoded")
            .endsWith("check its Content-Transfer-Encoding");
    }

    @Test
    void anArchiveWithAnExternalEntityIsRefused() throws Exception {
        String xml = metadata(document("Document01", "11490-0", QUALIFIED_INS))
            .replace("<lcm:SubmitObjectsRequest", "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n<lcm:SubmitObjectsRequest");

        HookResult result = hook.onMessage(session, mail(message(archive(xml), "IHE_XDM.ZIP")));

        assertRefused(result);
        assertThat(result.getSmtpDescription()).startsWith("5.6.0 IHE_XDM/SUBSET01/METADATA.XML is not well-formed XML");
    }

    @Test
    void ansOwnPackageIsCheckedLikeAnyOther() throws Exception {
        String metadata = XdmFixtures.withoutCode(XdmFixtures.withoutCode(XdmFixtures.ansMetadata(), "MASQUE_PS"),
            "INVISIBLE_PATIENT");
        MimeMessage message = message(XdmFixtures.ansArchive(metadata), "IHE_XDM.ZIP");

        assertThat(hook.onMessage(session, mail(message, "dr.durand@caducee.localhost"))).isEqualTo(HookResult.DECLINED);
        assertThat(message.getHeader("X-MSS-CODECDA")).containsExactly("IMG-KOS", "E1762");
        assertThat(message.getHeader("X-MSS-INS")).containsExactly("O");

        HookResult contradicted = hook.onMessage(session, mail(message(XdmFixtures.ansArchive(metadata), "IHE_XDM.ZIP",
            "X-MSS-CODECDA", "11490-0"), "dr.durand@caducee.localhost"));
        assertRefused(contradicted);
        assertThat(contradicted.getSmtpDescription()).contains("gives the type codes IMG-KOS, E1762");
    }

    @Test
    void aDocumentInvisibleToThePatientSentToAPatientIsRefusedWhole() throws Exception {
        String metadata = XdmFixtures.withoutCode(XdmFixtures.ansMetadata(), "MASQUE_PS");
        MimeMessage message = message(XdmFixtures.ansArchive(metadata), "IHE_XDM.ZIP");

        HookResult result = hook.onMessage(session, mail(message, "dr.durand@caducee.localhost",
            XdmFixtures.ANS_PATIENT + "@patient.caducee.localhost"));

        assertThat(result.getResult()).isEqualTo(HookResult.DENY.getResult());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 METADATA.XML in IHE_XDM.ZIP marks the document "
            + "Signature01 INVISIBLE_PATIENT").contains("send the message again without the patient");
        assertThat(hook.onMessage(session, mail(message, "dr.durand@caducee.localhost"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aDocumentMaskedFromProfessionalsSentToAProfessionalIsRefused() throws Exception {
        String metadata = XdmFixtures.withoutCode(XdmFixtures.ansMetadata(), "INVISIBLE_PATIENT");

        HookResult result = hook.onMessage(session, mail(message(XdmFixtures.ansArchive(metadata), "IHE_XDM.ZIP"),
            "dr.durand@caducee.localhost"));

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 METADATA.XML in IHE_XDM.ZIP marks the document "
            + "Signature01 MASQUE_PS").contains("dr.durand@caducee.localhost is a professional's box");
        assertThat(hook.onMessage(session, mail(message(XdmFixtures.ansArchive(metadata), "IHE_XDM.ZIP"),
            XdmFixtures.ANS_PATIENT + "@patient.caducee.localhost"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aDocumentMaskedFromProfessionalsMayReachTheSharedRecordsBoxButNoProfessionalBesideIt() throws Exception {
        String metadata = XdmFixtures.withoutCode(XdmFixtures.ansMetadata(), "INVISIBLE_PATIENT");
        DocumentHeadersHook withRecord = new DocumentHeadersHook(
            fr.caducee.rules.recipients.RecordBox.of("dmp@caducee.localhost"));

        assertThat(withRecord.onMessage(session, mail(message(XdmFixtures.ansArchive(metadata), "IHE_XDM.ZIP"),
            "DMP@caducee.localhost"))).isEqualTo(HookResult.DECLINED);
        HookResult alsoToADoctor = withRecord.onMessage(session, mail(message(XdmFixtures.ansArchive(metadata),
            "IHE_XDM.ZIP"), "dmp@caducee.localhost", "dr.durand@caducee.localhost"));
        assertThat(alsoToADoctor.getSmtpRetCode()).isEqualTo("550");
        assertThat(alsoToADoctor.getSmtpDescription()).contains("dr.durand@caducee.localhost is a professional's box");
    }

    @Test
    void aMessageWithoutArchiveIsLeftAlone() throws Exception {
        MimeMessage message = message(null, null, "X-MSS-NIL", "Logiciel-1.0");

        assertThat(hook.onMessage(session, mail(message))).isEqualTo(HookResult.DECLINED);
        assertThat(message.getHeader("X-MSS-CODECDA")).isNull();
        assertThat(message.getHeader("X-MSS-INS")).isNull();
    }

    @Test
    void anotherZipIsNotAnXdmArchive() throws Exception {
        MimeMessage message = message(archive(null), "radios.zip");

        assertThat(hook.onMessage(session, mail(message))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aMessageTheStructureCheckFoundNoArchiveInIsNotParsedAgain() throws Exception {
        when(session.getAttachment(XdmAttachments.NAMED_IN_MESSAGE, ProtocolSession.State.Transaction))
            .thenReturn(java.util.Optional.of(false));
        MimeMessage unreadable = mock(MimeMessage.class);
        when(unreadable.isMimeType(org.mockito.ArgumentMatchers.anyString())).thenThrow(new AssertionError("parsed"));
        when(unreadable.getContent()).thenThrow(new AssertionError("parsed"));

        assertThat(hook.onMessage(session, FakeMail.builder().name("m").mimeMessage(unreadable).build()))
            .isEqualTo(HookResult.DECLINED);
    }

    private static FakeMail mail(MimeMessage message, String... recipients) throws Exception {
        return FakeMail.builder().name("m").mimeMessage(message).recipients(recipients).build();
    }

    private static void assertRefused(HookResult result) {
        assertThat(result.getResult()).isEqualTo(HookResult.DENY.getResult());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.6.0 ");
    }
}
