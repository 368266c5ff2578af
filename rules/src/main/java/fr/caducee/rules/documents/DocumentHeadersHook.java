package fr.caducee.rules.documents;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.MimeMessage;

import com.sun.mail.util.DecodingException;
import org.apache.james.core.MailAddress;
import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.documents.DocumentEntry;
import fr.caducee.domain.documents.UnreadableArchiveException;
import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.rules.Rule;
import fr.caducee.rules.recipients.RecordBox;


/**
 * At the end of DATA, on every listener: a message carrying an {@code IHE_XDM.ZIP} must go only to recipients its
 * documents may be shown to, and must describe it truthfully in {@code X-MSS-CODECDA} and {@code X-MSS-INS}, because
 * the recipient's software files and matches the documents by these headers before (or instead of) opening the
 * archive. See {@link Confidentiality} and {@link DocumentHeaders} for the rules; the archive is read once for both.
 *
 * <p>A document its metadata marks {@code INVISIBLE_PATIENT} addressed to a patient's box, or {@code MASQUE_PS}
 * addressed to a professional's, is refused with {@code 550 5.7.1} (delivery not authorised). The reply to DATA
 * answers for every recipient at once, so the whole message is refused and the sentence says which recipient to
 * remove or which document to leave out; checking at RCPT is not possible, as the archive is not read yet.
 *
 * <p>A header that contradicts {@code METADATA.XML}, or an archive that cannot be read as XDM, is refused with
 * {@code 550 5.6.0}: RFC 3463's X.6 class is for problems with the message's content, and none of its specific
 * codes (media not supported, conversion) names an inconsistency between the content and its description, hence
 * "other or undefined media error". It is permanent: the same message will be refused again until the sender
 * fixes it. Headers that are absent are added from the metadata, so that every message this server accepts with
 * an archive carries them, whichever client or operator sent it.
 *
 * <p>The shared record's box ({@link RecordBox}) is no professional's box for {@code MASQUE_PS}: the record keeps
 * such documents and shows them to their author and the patient only.
 */
public class DocumentHeadersHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(DocumentHeadersHook.class);

    private final RecordBox recordBox;

    /** Without a shared record on this server. */
    public DocumentHeadersHook() {
        this(RecordBox.NONE);
    }

    @Inject
    public DocumentHeadersHook(RecordBox recordBox) {
        this.recordBox = recordBox;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        // The structure check, streaming through the message before this hook, saw no part named IHE_XDM.ZIP:
        // nothing to check, and no reason to parse the whole message into memory to find that out again.
        if (!session.getAttachment(XdmAttachments.NAMED_IN_MESSAGE, ProtocolSession.State.Transaction).orElse(true)) {
            return HookResult.DECLINED;
        }
        MimeMessage message;
        List<DocumentEntry> documents = new ArrayList<>();
        try {
            message = mail.getMessage();
            List<Part> archives = XdmAttachments.find(message);
            if (archives.isEmpty()) {
                return HookResult.DECLINED;
            }
            for (Part archive : archives) {
                try (InputStream content = archive.getInputStream()) {
                    documents.addAll(XdmArchive.documents(content));
                }
            }
        } catch (UnreadableArchiveException e) {
            return refuse(session, Rule.XDM_ARCHIVE_UNREADABLE, e.getMessage());
        } catch (MessagingException e) {
            return refuse(session, Rule.XDM_ARCHIVE_UNREADABLE, "The message's MIME structure cannot be read ("
                + oneLine(e.getMessage()) + "), so its " + XdmArchive.FILE_NAME + " cannot be checked");
        } catch (DecodingException e) {
            return refuse(session, Rule.XDM_ARCHIVE_UNREADABLE, "The attachment " + XdmArchive.FILE_NAME
                + " cannot be decoded (" + oneLine(e.getMessage()) + "): check its Content-Transfer-Encoding");
        } catch (IOException e) {
            LOGGER.warn("Could not read the XDM archive of {}", mail.getName(), e);
            return Rule.XDM_ARCHIVE_READ_FAILED.refusal(
                "The attached " + XdmArchive.FILE_NAME + " could not be read right now: try again later").refuse(session, "DATA");
        }

        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString)
            .filter(recipient -> !recordBox.is(recipient)).toList();
        Optional<Confidentiality.Refusal> hidden = Confidentiality.check(documents, recipients);
        if (hidden.isPresent()) {
            return hidden.get().rule().refusal(hidden.get().sentence()).refuse(session, "DATA");
        }

        DocumentHeaders.Verdict verdict;
        try {
            verdict = DocumentHeaders.check(message.getHeader(DocumentHeaders.CODE_HEADER),
                message.getHeader(DocumentHeaders.INS_HEADER), documents);
            if (verdict.refusal().isPresent()) {
                return refuse(session, Rule.XDM_HEADERS_CONTRADICT_METADATA, verdict.refusal().get());
            }
            if (!verdict.codesToAdd().isEmpty()) {
                message.removeHeader(DocumentHeaders.CODE_HEADER);
                for (String code : verdict.codesToAdd()) {
                    message.addHeader(DocumentHeaders.CODE_HEADER, code);
                }
            }
            if (verdict.insToAdd().isPresent()) {
                message.setHeader(DocumentHeaders.INS_HEADER, verdict.insToAdd().get());
            }
        } catch (MessagingException e) {
            LOGGER.warn("Could not set the document headers of {}", mail.getName(), e);
            return Rule.DOCUMENT_HEADERS_FAILED.refusal(
                "The message could not be prepared: try again later").refuse(session, "DATA");
        }
        return HookResult.DECLINED;
    }

    private static HookResult refuse(SMTPSession session, Rule rule, String sentence) {
        return rule.refusal(sentence).refuse(session, "DATA");
    }

    /** A parser's message, fit for one reply line. */
    private static String oneLine(String text) {
        String shown = text == null ? "no detail" : text.replaceAll("[^\\x20-\\x7e]", "?");
        return shown.length() > 120 ? shown.substring(0, 120) + "..." : shown;
    }
}
