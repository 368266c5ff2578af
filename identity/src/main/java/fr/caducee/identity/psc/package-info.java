/** Pro Santé Connect (OpenID Connect) access tokens: checked, and the professional's idNat read from them. */
package fr.caducee.identity.psc;
