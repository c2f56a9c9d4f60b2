"""What every app uses and no step of the method owns: settings from the environment, history,
edit collisions, caches that follow a version, charts, documents, start-up checks, the health
check and the machine's network address."""
