package fr.caducee.webmail.record;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.caducee.records.access.AccessMode;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.mail.French;
import fr.caducee.webmail.mail.Links;
import fr.caducee.webmail.mail.Who;
import fr.caducee.webmail.port.RecordEntry;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/**
 * The shared record: its documents, their download, who accessed the record. The record service traces the patient's
 * own reads (a download is an access to the record like a professional's); for a representative, the documents hidden
 * from legal representatives do not exist here.
 */
public final class RecordPages implements Pages {
    static final String DOCUMENTS = "/documents";
    static final String ACCESSES = "/acces";
    /** The access log shows this many of the latest accesses. */
    static final int ACCESS_LIMIT = 200;

    private final Services services;

    public RecordPages(Services services) {
        this.services = services;
    }

    @Override
    public Optional<Answer> answer(WebRequest request) throws WebRefusal {
        if (!request.isGet()) {
            return Optional.empty();
        }
        String path = request.path();
        if (path.equals(DOCUMENTS)) {
            return Optional.of(documents(request));
        }
        if (path.startsWith(DOCUMENTS + "/")) {
            return Optional.of(new Answer.File(services.record().download(request.viewer(),
                    path.substring(DOCUMENTS.length() + 1))
                .orElseThrow(() -> new WebRefusal(Rule.WEBMAIL_NOT_FOUND, "Ce document n'est pas dans le dossier, ou "
                    + "n'y est plus (il a pu être remplacé par une nouvelle version) : retournez à la liste des documents."))));
        }
        if (path.equals(ACCESSES)) {
            return Optional.of(accesses(request));
        }
        return Optional.empty();
    }

    private Answer documents(WebRequest request) {
        List<Document> documents = services.record().documents(request.viewer()).stream().map(RecordPages::document)
            .toList();
        return Answer.Page.ok("documents", "Documents du dossier médical", Map.of(
            "documents", documents,
            "representative", request.viewer().representative()));
    }

    private static Document document(RecordEntry entry) {
        String format = entry.hasPdf() ? "PDF" : "CDA";
        return new Document(entry.title(), entry.type(), Who.of(entry.author()), French.date(entry.created()),
            French.machine(entry.created()), format, Links.document(entry.id()),
            "Télécharger " + entry.title() + " (" + format + ")");
    }

    private Answer accesses(WebRequest request) {
        List<Access> accesses = services.record().accesses(request.viewer(), ACCESS_LIMIT).stream()
            .map(access -> new Access(French.dateTime(access.at()), French.machine(access.at()), Who.of(access.reader()),
                mode(access.mode()), access.document().orElse(""), access.justification().orElse("")))
            .toList();
        return Answer.Page.ok("acces", "Qui a consulté le dossier", Map.of(
            "accesses", accesses,
            "limit", ACCESS_LIMIT));
    }

    /** The record's access modes ({@code record_access.mode}), in words; one the page does not know, as stored. */
    static String mode(String mode) {
        return Arrays.stream(AccessMode.values()).filter(known -> known.stored().equals(mode)).findFirst()
            .map(known -> switch (known) {
                case NORMAL -> "Accès normal";
                case EMERGENCY -> "Accès en urgence (bris de glace)";
                case REGULATOR -> "Régulation (SAMU)";
                case PATIENT -> "Consultation par le patient ou son représentant légal";
            })
            .orElse(mode);
    }

    /** A document of the list: "PDF" when its PDF rendition is downloaded, else "CDA" (the document itself). */
    public record Document(String title, String type, Who author, String date, String machineDate, String format,
                           String href, String linkText) {
    }

    /** An access to the record: when, who, how, to which document, and why when the reader said. */
    public record Access(String date, String machineDate, Who reader, String mode, String document,
                         String justification) {
    }
}
