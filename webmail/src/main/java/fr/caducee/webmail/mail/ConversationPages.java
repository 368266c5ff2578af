package fr.caducee.webmail.mail;

import java.util.Optional;

import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/** Conversations (list, page, reply, new message to a pharmacy) and attachments. */
public final class ConversationPages implements Pages {
    private final Services services;

    public ConversationPages(Services services) {
        this.services = services;
    }

    @Override
    public Optional<Answer> answer(WebRequest request) throws WebRefusal {
        return Optional.empty();
    }
}
