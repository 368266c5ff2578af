package fr.caducee.webmail.record;

import java.util.Optional;

import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/** The patient's settings: emergency access, blocked professionals, notification address. */
public final class SettingsPages implements Pages {
    private final Services services;

    public SettingsPages(Services services) {
        this.services = services;
    }

    @Override
    public Optional<Answer> answer(WebRequest request) throws WebRefusal {
        return Optional.empty();
    }
}
