package fr.caducee.webmail.record;

import java.util.Optional;

import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/** The shared record: documents, their download, who accessed the record. */
public final class RecordPages implements Pages {
    private final Services services;

    public RecordPages(Services services) {
        this.services = services;
    }

    @Override
    public Optional<Answer> answer(WebRequest request) throws WebRefusal {
        return Optional.empty();
    }
}
