/**
 * Lets the worker's event loop run (messages: pause, stop, classify) and resolves right after,
 * through a MessageChannel: a macrotask without setTimeout's 4 ms clamp.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
