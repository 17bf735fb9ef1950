FROM debian:bookworm-slim
COPY <<EOF /usr/share/keyrings/acme.asc
-----BEGIN PGP PUBLIC KEY BLOCK-----
mQINBGQ3e4UBEADHbZ8iQk1v
-----END PGP PUBLIC KEY BLOCK-----
EOF
COPY <<EOF /usr/local/share/ca-certificates/acme.crt
-----BEGIN CERTIFICATE-----
MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa
-----END CERTIFICATE-----
EOF
