package fr.caducee.identity.login;

/** Which box a professional authenticated by token opens (to be written). */
public final class BoxChoice {
}
