/**
 * A small list of passwords that appear at the top of every leaked-password list, plus
 * patterns common in Chinese deployments (pinyin, keyboard walks, 8-digit dates are caught by
 * the class rule). Compared case-insensitively. Not exhaustive: the length and class rules do
 * most of the work; this list stops the obvious ones that would pass them.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  [
    'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword',
    'p@ssw0rd123', 'passw0rd123', 'password!', 'password@123', 'password#123', 'admin', 'admin123', 'admin@123',
    'admin1234', 'administrator', 'root', 'root123', 'qwerty', 'qwerty123', 'qwertyuiop', 'qwer1234', 'qwe123',
    '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', '1qaz@wsx', '1qaz2wsx3edc', 'zaq12wsx', 'abc123', 'abcd1234',
    'abc@1234', 'abc123456', 'a123456', 'a1234567', 'a12345678', 'aa123456', 'iloveyou', 'welcome',
    'welcome1', 'welcome123', 'letmein', 'letmein123', 'monkey', 'dragon', 'sunshine', 'princess',
    'football', 'baseball', 'master', 'shadow', 'trustno1', 'changeme', 'changeme123', 'secret', 'test123',
    'test1234', 'testtest', 'guest', 'default', 'login', 'user', 'user123', '123456', '1234567', '12345678',
    '123456789', '1234567890', '12345678910', '0123456789', '987654321', '111111', '11111111', '000000',
    '00000000', '666666', '888888', '88888888', '123123', '123123123', '654321', '112233', '520520',
    '5201314', '1314520', 'woaini', 'woaini1314', 'woaini520', 'woaini123', 'nihao123', 'zhang123',
    'wang123456', 'li123456', 'huawei123', 'admin@2023', 'admin@2024', 'admin@2025', 'Admin@123456',
    'P@ssw0rd!', 'Passw0rd!', 'Qwerty123!', 'Abc@123456', 'Aa123456!', 'Aa123456789', 'Abcd@1234',
    'Welcome@123', 'Huawei@123', 'Vitals@123', 'vitals123', 'vitals2025', 'healthchina', 'jiankang123',
    'weisheng123', 'jiankangchina', 'Changeme!23',
  ].map((p) => p.toLowerCase()),
);
