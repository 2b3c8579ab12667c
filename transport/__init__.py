"""The HTTP transport: a platform at a URL over a keep-alive connection, and the webhooks the rig
serves for the messages the platform sends back."""
