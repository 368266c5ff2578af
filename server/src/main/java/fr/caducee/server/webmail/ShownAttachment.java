package fr.caducee.server.webmail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.documents.PdfRendition;
import fr.caducee.domain.documents.UnreadableArchiveException;
import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.MailMessage;

/**
 * An attachment as the patient gets it: as sent, except an {@code IHE_XDM.ZIP}, which a patient cannot open, shown
 * through the PDF of its clinical document (the CDA's own PDF body, or a PDF the archive holds); an archive without
 * one, or one that cannot be read, is given as it came.
 */
record ShownAttachment(String fileName, String mediaType, byte[] content, boolean pdfRendition) {
    private static final Logger LOGGER = LoggerFactory.getLogger(ShownAttachment.class);
    static final String PDF = "application/pdf";

    static ShownAttachment of(StoredMail.Part part) {
        if (part.fileName().equalsIgnoreCase(XdmArchive.FILE_NAME)) {
            try {
                Optional<PdfRendition.Pdf> pdf = PdfRendition.of(XdmArchive.read(new ByteArrayInputStream(part.content())));
                if (pdf.isPresent()) {
                    return new ShownAttachment(pdf.get().fileName(), PDF, pdf.get().content(), true);
                }
            } catch (UnreadableArchiveException | IOException e) {
                LOGGER.info("An {} is shown as it came: {}", XdmArchive.FILE_NAME, e.getMessage());
            }
        }
        return new ShownAttachment(part.fileName(), part.mediaType(), part.content(), false);
    }

    MailMessage.AttachmentInfo info(int index) {
        return new MailMessage.AttachmentInfo(index, fileName, mediaType, content.length, pdfRendition);
    }

    Download download() {
        return new Download(fileName, mediaType, content);
    }
}
