  From alpine:3.19
    Run apk add --no-cache curl
	WorkDir /srv
  EntryPoint ["/bin/sh"]
