/** Sends one-time codes by text message. */
export interface SmsSender {
  /** Send `text` to a mainland mobile number; rejects with ERR_STORE_UNAVAILABLE when the gateway fails. */
  send(phone: string, text: string): Promise<void>;
}
