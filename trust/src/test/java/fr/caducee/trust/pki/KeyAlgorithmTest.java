package fr.caducee.trust.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class KeyAlgorithmTest {

    @Test
    void anEcKeyMadeByBouncyCastlesProviderIsStillAnEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
        PrivateKey bouncyCastles = KeyFactory.getInstance("ECDSA", new BouncyCastleProvider())
            .generatePrivate(new PKCS8EncodedKeySpec(encoded));

        assertThat(bouncyCastles.getAlgorithm()).isEqualTo("ECDSA");
        assertThat(KeyAlgorithm.of(bouncyCastles)).isEqualTo(KeyAlgorithm.EC_P256);
    }
}
