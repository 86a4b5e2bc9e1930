-- Live chat: one conversation per visitor (or account), its messages, and
-- the figures the back office reports on (first response, resolution, rating).
CREATE TABLE chat_conversations (
    id INTEGER PRIMARY KEY,
    visitor_hash TEXT,
    user_id INTEGER REFERENCES users(id),
    shopper_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    agent_id INTEGER REFERENCES users(id),
    current_page TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    first_response_at INTEGER,
    resolved_at INTEGER,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    shopper_read_up_to INTEGER NOT NULL DEFAULT 0,
    agent_read_up_to INTEGER NOT NULL DEFAULT 0,
    -- An agent's panel has received the shopper's messages up to here.
    agent_delivered_up_to INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX chat_conversations_visitor ON chat_conversations(visitor_hash);
CREATE INDEX chat_conversations_user ON chat_conversations(user_id);
CREATE INDEX chat_conversations_status ON chat_conversations(status, updated_at);

CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES chat_conversations(id),
    client_id TEXT NOT NULL,
    sender TEXT NOT NULL CHECK (sender IN ('shopper', 'agent', 'system')),
    author_id INTEGER REFERENCES users(id),
    author_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'product', 'image')),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (conversation_id, client_id)
);
CREATE INDEX chat_messages_conversation ON chat_messages(conversation_id, id);
-- Photos: the body is the stored file's name, looked up when it is served.
CREATE INDEX chat_messages_body ON chat_messages(kind, body);

CREATE TABLE canned_replies (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO canned_replies (title, body, created_at) VALUES
  ('Salam', 'Halo {nama}, terima kasih sudah menghubungi Sandang Nusa! Ada yang bisa kami bantu?', 0),
  ('Ukuran', 'Kak {nama}, panduan ukuran ada di halaman produk. Boleh kami bantu pilihkan ukurannya?', 0),
  ('Penutup', 'Terima kasih, {nama}. Senang bisa membantu. Selamat berbelanja!', 0);

-- A guest's orders, findable by their visitor cookie (hashed) from the chat.
ALTER TABLE orders ADD COLUMN visitor_hash TEXT;
CREATE INDEX orders_visitor ON orders(visitor_hash);
