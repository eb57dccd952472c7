{
  "targets": [
    {
      "target_name": "yinxin_sm2",
      "sources": [
        "src/crypto/native/binding.c",
        "src/crypto/native/sm2_ec.c",
        "src/crypto/native/sm2_point.c"
      ],
      "cflags": ["-O3", "-std=gnu11", "-Wall", "-Wextra", "-fno-strict-aliasing", "-fvisibility=hidden"],
      "cflags!": ["-O2"],
      "xcode_settings": {
        "OTHER_CFLAGS": ["-O3", "-std=gnu11", "-fvisibility=hidden"]
      }
    }
  ]
}
