package fr.caducee.server.autoconfig;

/** A listener as mail clients are told to reach it: its service and the port published for it. */
public record AdvertisedServer(MailService service, int port) {
}
