/** Which box a token, a client certificate or a member's password opens; every login audited. */
package fr.caducee.identity.login;
