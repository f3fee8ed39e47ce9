// The pty pair lives with the virtual devices (the demo uses it too); tests import it from here.
export * from '../../hardware/virtual/pty-pair';
